import type { Db } from '../connect';

export interface NewRegistrant {
  displayName: string;
  email: string;
  language: string;
}

export async function createRegistrant(db: Db, registrant: NewRegistrant): Promise<{ id: string }> {
  return db
    .insertInto('registrant')
    .values({ display_name: registrant.displayName, email: registrant.email, language: registrant.language })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Opting in twice to the same subject and channel keeps one registration (and reactivates it). */
export async function register(
  db: Db,
  registration: { registrantId: string; subjectRef: string; channel: 'email' },
): Promise<{ id: string }> {
  return db
    .insertInto('registration')
    .values({
      registrant_id: registration.registrantId,
      subject_ref: registration.subjectRef,
      channel: registration.channel,
    })
    .onConflict((oc) => oc.constraint('registration_once_per_channel').doUpdateSet({ active: true }))
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Identifiers only: this result travels through Temporal history. */
export async function findActiveRegistrationIds(db: Db, subjectRef: string): Promise<string[]> {
  const rows = await db
    .selectFrom('registration')
    .select('id')
    .where('subject_ref', '=', subjectRef)
    .where('active', '=', true)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.id);
}

export interface ContactPoint {
  registrationId: string;
  channel: string;
  active: boolean;
  displayName: string;
  email: string;
  language: string;
}

/** Personal data: only an activity composing a message may call this, and must not return it. */
export async function findContactPoint(db: Db, registrationId: string): Promise<ContactPoint | undefined> {
  const row = await db
    .selectFrom('registration')
    .innerJoin('registrant', 'registrant.id', 'registration.registrant_id')
    .select([
      'registration.id as registrationId',
      'registration.channel',
      'registration.active',
      'registrant.display_name as displayName',
      'registrant.email',
      'registrant.language',
    ])
    .where('registration.id', '=', registrationId)
    .executeTakeFirst();
  return row;
}
