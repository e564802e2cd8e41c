import { blindIndex, type DataKeyring, open, openOptional, seal, sealOptional } from '@switchboard/sealing';
import { sql } from 'kysely';
import type { Db } from '../connect';

/** Where a registrant can be reached. `voice` is a phone called; `sms` one texted. */
export type ContactChannel = 'email' | 'sms' | 'voice' | 'webhook' | 'portal';

export interface NewRegistrant {
  displayName: string;
  language: string;
  timeZone?: string;
  quietHours?: { start: string; end: string };
}

export async function createRegistrant(
  db: Db,
  keyring: DataKeyring,
  registrant: NewRegistrant,
): Promise<{ id: string }> {
  return db
    .insertInto('registrant')
    .values({
      display_name: await seal(keyring, registrant.displayName),
      language: registrant.language,
      time_zone: registrant.timeZone ?? 'UTC',
      quiet_hours_start: registrant.quietHours?.start ?? null,
      quiet_hours_end: registrant.quietHours?.end ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** One address per channel per registrant; a new address must be verified again. */
export async function saveContactPoint(
  db: Db,
  keyring: DataKeyring,
  contact: {
    registrantId: string;
    channel: ContactChannel;
    address: string;
    secret?: string;
    /** Voice: the hash of the registrant's PIN. */
    pinHash?: string;
  },
): Promise<{ id: string }> {
  const sealed = {
    address: await seal(keyring, contact.address),
    address_index: blindIndex(keyring, contact.address),
    secret: await sealOptional(keyring, contact.secret),
    pin_hash: contact.pinHash ?? null,
  };
  return db
    .insertInto('contact_point')
    .values({ registrant_id: contact.registrantId, channel: contact.channel, ...sealed })
    .onConflict((oc) =>
      oc.constraint('contact_point_once_per_channel').doUpdateSet({
        ...sealed,
        consecutive_failures: 0,
        disabled_at: null,
        verified_at: null,
        code_hash: null,
        code_expires_at: null,
        failed_attempts: 0,
        wrong_pins: 0,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Operator or demo seeding only: a contact point someone has already confirmed by other means. */
export async function markContactPointVerified(db: Db, id: string): Promise<void> {
  await db
    .updateTable('contact_point')
    .set({ verified_at: new Date(), code_hash: null })
    .where('id', '=', id)
    .execute();
}

/** A new code replaces any earlier one and resets the attempt counter. */
export async function storeVerificationCode(
  db: Db,
  id: string,
  codeHash: string,
  expiresAt: Date,
): Promise<void> {
  await db
    .updateTable('contact_point')
    .set({ code_hash: codeHash, code_expires_at: expiresAt, failed_attempts: 0 })
    .where('id', '=', id)
    .execute();
}

export interface PendingVerification {
  codeHash: string | null;
  expiresAt: Date | null;
  failedAttempts: number;
  verified: boolean;
}

export async function findPendingVerification(db: Db, id: string): Promise<PendingVerification | undefined> {
  const row = await db
    .selectFrom('contact_point')
    .select(['code_hash', 'code_expires_at', 'failed_attempts', 'verified_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      codeHash: row.code_hash,
      expiresAt: row.code_expires_at,
      failedAttempts: row.failed_attempts,
      verified: row.verified_at !== null,
    }
  );
}

export async function recordFailedVerification(db: Db, id: string): Promise<void> {
  await db
    .updateTable('contact_point')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Where a verification code goes: the one place an unverified address is read. */
export async function findContactPointAddress(
  db: Db,
  keyring: DataKeyring,
  id: string,
): Promise<
  | { channel: string; address: string; secret: string | null; language: string; displayName: string }
  | undefined
> {
  const row = await db
    .selectFrom('contact_point')
    .innerJoin('registrant', 'registrant.id', 'contact_point.registrant_id')
    .select([
      'contact_point.channel',
      'contact_point.address',
      'contact_point.secret',
      'registrant.language',
      'registrant.display_name as displayName',
    ])
    .where('contact_point.id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      ...row,
      address: await open(keyring, row.address),
      secret: await openOptional(keyring, row.secret),
      displayName: await open(keyring, row.displayName),
    }
  );
}

/** Opting in twice to the same subject keeps one registration (active, with the latest choices). */
export async function register(
  db: Db,
  registration: {
    registrantId: string;
    /** The agency whose reference `subjectRef` is. */
    agencyId: string;
    subjectRef: string;
    /** Most preferred first. */
    channels: ContactChannel[];
    families?: string[];
    /** An advocate registering a victim: when and how the victim agreed. */
    onBehalf?: { agreementObtainedAt: string; agreementMethod: string };
  },
): Promise<{ id: string }> {
  const families = registration.families ?? [];
  return db
    .insertInto('registration')
    .values({
      registrant_id: registration.registrantId,
      agency_id: registration.agencyId,
      subject_ref: registration.subjectRef,
      channels: registration.channels,
      families,
      ...(registration.onBehalf && {
        registered_by: 'advocate' as const,
        agreement_obtained_at: registration.onBehalf.agreementObtainedAt,
        agreement_method: registration.onBehalf.agreementMethod,
      }),
    })
    .onConflict((oc) =>
      oc
        .constraint('registration_once_per_subject')
        .doUpdateSet({ status: 'active', families, channels: registration.channels }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setRegistrationStatus(
  db: Db,
  id: string,
  status: 'active' | 'paused' | 'ended',
): Promise<boolean> {
  const result = await db.updateTable('registration').set({ status }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Identifiers only: this result travels through Temporal history. Active registrations for the
 * subject that chose this family (or every family), in id order; `page` reads them a slice at a
 * time (ids after `after`), so a subject with ten thousand registrants is never read at once.
 */
export async function findActiveRegistrationIds(
  db: Db,
  subject: { agencyId: string; subjectRef: string },
  family?: string,
  page?: { after?: string; limit: number },
): Promise<string[]> {
  let query = db
    .selectFrom('registration')
    .select('id')
    // The publisher's own reference, and every agency's reference linked to it: one person followed
    // from jail to prison, and never another agency's case that happens to share the number. One
    // statement, because every case event asks.
    .where((eb) =>
      eb.or([
        eb.and([eb('agency_id', '=', subject.agencyId), eb('subject_ref', '=', subject.subjectRef)]),
        eb(
          eb.refTuple('agency_id', 'subject_ref'),
          'in',
          eb
            .selectFrom('subject_person as mine')
            .innerJoin('subject_person as same', 'same.person_id', 'mine.person_id')
            .select(['same.agency_id', 'same.subject_ref'])
            .where('mine.agency_id', '=', subject.agencyId)
            .where('mine.subject_ref', '=', subject.subjectRef)
            .$asTuple('agency_id', 'subject_ref'),
        ),
        // Registrations older than agencies' references, which no evidence tied to one agency.
        eb.and([eb('agency_id', 'is', null), eb('subject_ref', '=', subject.subjectRef)]),
      ]),
    )
    .where('status', '=', 'active');
  if (family)
    query = query.where((eb) =>
      eb.or([sql<boolean>`cardinality(families) = 0`, sql<boolean>`${family} = any(families)`]),
    );
  if (page?.after) query = query.where('id', '>', page.after);
  if (page) query = query.limit(page.limit);
  const rows = await query.orderBy('id').execute();
  return rows.map((row) => row.id);
}

export interface ContactPoint {
  registrationId: string;
  channel: string;
  status: 'active' | 'paused' | 'ended';
  /** Null when the registrant has no verified (and, for a webhook, enabled) address on this channel. */
  address: string | null;
  contactPointId: string | null;
  /** Webhooks: the signing secret. */
  secret: string | null;
  displayName: string;
  language: string;
  timeZone: string;
  /** 'brief': the message only says there is an update, to be read signed in. */
  detail: 'full' | 'brief';
}

/**
 * Registrations with their registrant and, where there is one, the verified and enabled contact
 * point on `channel`, if the registration chose it (null columns otherwise).
 */
export function registrationsWithVerifiedContact(db: Db, channel: string) {
  return db
    .selectFrom('registration')
    .innerJoin('registrant', 'registrant.id', 'registration.registrant_id')
    .leftJoin('contact_point', (join) =>
      join
        .onRef('contact_point.registrant_id', '=', 'registration.registrant_id')
        .on('contact_point.channel', '=', channel)
        .on(sql<boolean>`contact_point.channel = any(registration.channels)`)
        .on('contact_point.verified_at', 'is not', null)
        .on('contact_point.disabled_at', 'is', null),
    );
}

/** Personal data: only an activity composing a message may call this, and must not return it. */
export async function findContactPoint(
  db: Db,
  keyring: DataKeyring,
  registrationId: string,
  channel: string,
): Promise<ContactPoint | undefined> {
  const row = await registrationsWithVerifiedContact(db, channel)
    .select([
      'registration.id as registrationId',
      'registration.status',
      'contact_point.address',
      'contact_point.id as contactPointId',
      'contact_point.secret',
      'registrant.display_name as displayName',
      'registrant.language',
      'registrant.time_zone as timeZone',
      'registration.detail',
    ])
    .where('registration.id', '=', registrationId)
    .executeTakeFirst();
  return (
    row && {
      ...row,
      channel,
      address: await openOptional(keyring, row.address),
      contactPointId: row.contactPointId ?? null,
      secret: await openOptional(keyring, row.secret),
      displayName: await open(keyring, row.displayName),
    }
  );
}

/** A webhook endpoint failed once more; returns how many times in a row it has. */
export async function recordContactPointFailure(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('contact_point')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('id', '=', id)
    .returning('consecutive_failures')
    .executeTakeFirstOrThrow();
  return row.consecutive_failures;
}

export async function recordContactPointSuccess(db: Db, id: string): Promise<void> {
  await db
    .updateTable('contact_point')
    .set({ consecutive_failures: 0 })
    .where('id', '=', id)
    .where('consecutive_failures', '>', 0)
    .execute();
}

/** Stops all sending to a contact point until its owner registers it again. */
export async function disableContactPoint(db: Db, id: string): Promise<void> {
  await db.updateTable('contact_point').set({ disabled_at: new Date() }).where('id', '=', id).execute();
}

/**
 * Another way to reach the registrant behind a contact point that failed for good: their verified,
 * enabled email, else phone for texts. Personal data.
 */
export async function findAnotherContactOfRegistrant(
  db: Db,
  keyring: DataKeyring,
  failedContactPointId: string,
): Promise<
  { id: string; channel: 'email' | 'sms'; address: string; displayName: string; language: string } | undefined
> {
  const row = await db
    .selectFrom('contact_point as failed')
    .innerJoin('contact_point as other', 'other.registrant_id', 'failed.registrant_id')
    .innerJoin('registrant', 'registrant.id', 'failed.registrant_id')
    .select([
      'other.id',
      'other.channel',
      'other.address',
      'registrant.display_name as displayName',
      'registrant.language',
    ])
    .where('failed.id', '=', failedContactPointId)
    .where('other.id', '!=', failedContactPointId)
    .where('other.channel', 'in', ['email', 'sms'])
    .where('other.verified_at', 'is not', null)
    .where('other.disabled_at', 'is', null)
    .orderBy(sql`array_position(array['email', 'sms'], other.channel)`)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      channel: row.channel as 'email' | 'sms',
      address: await open(keyring, row.address),
      displayName: await open(keyring, row.displayName),
      language: row.language,
    }
  );
}

/** Where an inbound SMS came from: the verified, enabled phone contact point with that number. */
export async function findSmsContactPoint(
  db: Db,
  keyring: DataKeyring,
  phone: string,
): Promise<{ id: string; wrongPins: number } | undefined> {
  const row = await db
    .selectFrom('contact_point')
    .select(['id', 'wrong_pins'])
    .where('channel', '=', 'sms')
    .where('address_index', '=', blindIndex(keyring, phone))
    .where('verified_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && { id: row.id, wrongPins: row.wrong_pins };
}

/** The phone a call was placed to, for the keys its answerer pressed: its PIN hash and wrong tries. */
export async function findVoiceContactOfDelivery(
  db: Db,
  deliveryId: string,
): Promise<{ id: string; wrongPins: number; pinHash: string | null; language: string } | undefined> {
  const row = await db
    .selectFrom('delivery')
    .innerJoin('registration', 'registration.id', 'delivery.registration_id')
    .innerJoin('registrant', 'registrant.id', 'registration.registrant_id')
    .innerJoin('contact_point', 'contact_point.registrant_id', 'registration.registrant_id')
    .select(['contact_point.id', 'contact_point.wrong_pins', 'contact_point.pin_hash', 'registrant.language'])
    .where('delivery.id', '=', deliveryId)
    .where('delivery.channel', '=', 'voice')
    .where('contact_point.channel', '=', 'voice')
    .where('contact_point.verified_at', 'is not', null)
    .where('contact_point.disabled_at', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, wrongPins: row.wrong_pins, pinHash: row.pin_hash, language: row.language };
}

export async function countWrongPin(db: Db, contactPointId: string): Promise<void> {
  await db
    .updateTable('contact_point')
    .set((eb) => ({ wrong_pins: eb('wrong_pins', '+', 1) }))
    .where('id', '=', contactPointId)
    .execute();
}

export async function resetWrongPins(db: Db, contactPointId: string): Promise<void> {
  await db.updateTable('contact_point').set({ wrong_pins: 0 }).where('id', '=', contactPointId).execute();
}

/** Who made a registration and on what footing; identifiers and dates only. */
export async function findRegistrationRecord(db: Db, id: string) {
  return db
    .selectFrom('registration')
    .select([
      'id',
      'subject_ref',
      'channels',
      'status',
      'registered_by',
      'agreement_obtained_at',
      'agreement_method',
      'registrant_id',
      'families',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whose registration it is: the registrant a session must be to change it. */
export async function findRegistrationOwner(db: Db, registrationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('registration')
    .select('registrant_id')
    .where('id', '=', registrationId)
    .executeTakeFirst();
  return row?.registrant_id;
}

/**
 * Whether a registration names, as the advocate acting for the victim with their recorded
 * agreement, the advocate whose work email has this blind index.
 */
export async function isAdvocateOf(db: Db, registrationId: string, emailIndex: string): Promise<boolean> {
  const row = await db
    .selectFrom('registration')
    .innerJoin('advocate', 'advocate.id', 'registration.advocate_id')
    .select('registration.id')
    .where('registration.id', '=', registrationId)
    .where('advocate.email_index', '=', emailIndex)
    .where('registration.agreement_obtained_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The verified, enabled contact point a registrant signs in with: found by the blind index of the
 * address they type, never by reading addresses. The newest, where one address serves twice.
 */
export async function findSignInContactPoint(
  db: Db,
  keyring: DataKeyring,
  channel: 'email' | 'sms' | 'voice' | 'portal',
  address: string,
): Promise<{ id: string; registrantId: string } | undefined> {
  const row = await db
    .selectFrom('contact_point')
    .select(['id', 'registrant_id'])
    .where('channel', '=', channel)
    .where('address_index', '=', blindIndex(keyring, address))
    .where('verified_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && { id: row.id, registrantId: row.registrant_id };
}

/** A code was used: it works once. */
export async function spendVerificationCode(db: Db, id: string): Promise<void> {
  await db.updateTable('contact_point').set({ code_hash: null }).where('id', '=', id).execute();
}

/** STOP: no more texts to this number, on any registration, until START. How many were in use. */
export async function optOutOfTexts(db: Db, keyring: DataKeyring, phone: string): Promise<number> {
  const now = new Date();
  const result = await db
    .updateTable('contact_point')
    .set({ opted_out_at: now, disabled_at: now })
    .where('channel', '=', 'sms')
    .where('address_index', '=', blindIndex(keyring, phone))
    .where('verified_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** START: texts again to this number where STOP (and nothing else) had stopped them. */
export async function optBackInToTexts(db: Db, keyring: DataKeyring, phone: string): Promise<number> {
  const result = await db
    .updateTable('contact_point')
    .set({ opted_out_at: null, disabled_at: null })
    .where('channel', '=', 'sms')
    .where('address_index', '=', blindIndex(keyring, phone))
    .where('opted_out_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The language of whoever registered this number for texts (the newest registration), if anyone did. */
export async function textLanguageOf(
  db: Db,
  keyring: DataKeyring,
  phone: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('contact_point')
    .innerJoin('registrant', 'registrant.id', 'contact_point.registrant_id')
    .select('registrant.language')
    .where('contact_point.channel', '=', 'sms')
    .where('contact_point.address_index', '=', blindIndex(keyring, phone))
    .where('contact_point.verified_at', 'is not', null)
    .orderBy('contact_point.created_at', 'desc')
    .executeTakeFirst();
  return row?.language;
}
