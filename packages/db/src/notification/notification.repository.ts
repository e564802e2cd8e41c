import { blindIndex, type DataKeyring, open, seal } from '@switchboard/sealing';
import { sql } from 'kysely';
import type { Db } from '../connect';
import { hashToken } from '../token-hash';

/** Confirmation tokens are kept as hashes: the token itself exists only in the message sent. */

/** What decides when and how often a registrant hears of an event. No personal data. */
export interface NotificationPreferences {
  status: 'active' | 'paused' | 'ended';
  /** The channels chosen that have a verified, enabled contact point, most preferred first. */
  reachable: string[];
  timeZone: string;
  quietHours?: { start: string; end: string };
  repeatEveryMinutes: number | null;
  repeatForHours: number | null;
  hasAdvocate: boolean;
}

export async function findNotificationPreferences(
  db: Db,
  registrationId: string,
): Promise<NotificationPreferences | undefined> {
  return (await findNotificationPreferencesOf(db, [registrationId])).get(registrationId);
}

/** A page's preferences in one statement: a fan-out asks for hundreds at once. */
export async function findNotificationPreferencesOf(
  db: Db,
  registrationIds: string[],
): Promise<Map<string, NotificationPreferences>> {
  if (registrationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('registration')
    .innerJoin('registrant', 'registrant.id', 'registration.registrant_id')
    .select([
      'registration.id',
      'registration.status',
      'registration.channels',
      'registration.repeat_every_minutes',
      'registration.repeat_for_hours',
      'registration.advocate_id',
      'registrant.time_zone',
      'registrant.quiet_hours_start',
      'registrant.quiet_hours_end',
    ])
    .select((eb) =>
      eb
        .selectFrom('contact_point')
        .select(sql<string[]>`coalesce(array_agg(contact_point.channel), '{}')`.as('verified'))
        .whereRef('contact_point.registrant_id', '=', 'registration.registrant_id')
        .where('contact_point.verified_at', 'is not', null)
        .where('contact_point.disabled_at', 'is', null)
        .as('verified'),
    )
    .where('registration.id', 'in', registrationIds)
    .execute();
  return new Map(
    rows.map((row) => {
      const verified = new Set(row.verified ?? []);
      const preferences: NotificationPreferences = {
        status: row.status,
        reachable: row.channels.filter((channel) => verified.has(channel)),
        timeZone: row.time_zone,
        quietHours:
          row.quiet_hours_start && row.quiet_hours_end
            ? { start: row.quiet_hours_start, end: row.quiet_hours_end }
            : undefined,
        repeatEveryMinutes: row.repeat_every_minutes,
        repeatForHours: row.repeat_for_hours,
        hasAdvocate: row.advocate_id !== null,
      };
      return [row.id, preferences];
    }),
  );
}

/** Personal data: the advocate's name and address, for the escalation activity only. */
export async function findAdvocateOfRegistration(
  db: Db,
  keyring: DataKeyring,
  registrationId: string,
): Promise<{ displayName: string; email: string; organisation: string } | undefined> {
  const row = await db
    .selectFrom('registration')
    .innerJoin('advocate', 'advocate.id', 'registration.advocate_id')
    .select(['advocate.display_name as displayName', 'advocate.email', 'advocate.organisation'])
    .where('registration.id', '=', registrationId)
    .executeTakeFirst();
  return (
    row && {
      ...row,
      displayName: await open(keyring, row.displayName),
      email: await open(keyring, row.email),
    }
  );
}

/** One row per advocate address (found by its blind index); a second registration reuses it. */
export async function saveAdvocate(
  db: Db,
  keyring: DataKeyring,
  advocate: { displayName: string; email: string; organisation: string },
): Promise<{ id: string }> {
  const displayName = await seal(keyring, advocate.displayName);
  return db
    .insertInto('advocate')
    .values({
      display_name: displayName,
      email: await seal(keyring, advocate.email),
      email_index: blindIndex(keyring, advocate.email.toLowerCase()),
      organisation: advocate.organisation,
    })
    .onConflict((oc) =>
      oc
        .column('email_index')
        .doUpdateSet({ display_name: displayName, organisation: advocate.organisation }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setRegistrationPreferences(
  db: Db,
  registrationId: string,
  preferences: {
    advocateId?: string | null;
    repeatEveryMinutes?: number | null;
    repeatForHours?: number | null;
    /** Empty: every family. */
    families?: string[];
    detail?: 'full' | 'brief';
  },
): Promise<boolean> {
  const values = {
    ...(preferences.advocateId !== undefined && { advocate_id: preferences.advocateId }),
    ...(preferences.repeatEveryMinutes !== undefined && {
      repeat_every_minutes: preferences.repeatEveryMinutes,
    }),
    ...(preferences.repeatForHours !== undefined && { repeat_for_hours: preferences.repeatForHours }),
    ...(preferences.families !== undefined && { families: preferences.families }),
    ...(preferences.detail !== undefined && { detail: preferences.detail }),
  };
  // Nothing of the registration's own to change: say whether it exists.
  if (Object.keys(values).length === 0) {
    return (
      (await db
        .selectFrom('registration')
        .select('id')
        .where('id', '=', registrationId)
        .executeTakeFirst()) !== undefined
    );
  }
  const result = await db
    .updateTable('registration')
    .set(values)
    .where('id', '=', registrationId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function saveConfirmationLink(
  db: Db,
  link: {
    token: string;
    caseEventId: string;
    registrationId: string;
    workflowId: string;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('confirmation_link')
    .values({
      token_hash: hashToken(link.token),
      case_event_id: link.caseEventId,
      registration_id: link.registrationId,
      workflow_id: link.workflowId,
      expires_at: link.expiresAt,
    })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
}

export async function findConfirmationLink(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ caseEventId: string; registrationId: string; workflowId: string } | undefined> {
  return db
    .selectFrom('confirmation_link')
    .select([
      'case_event_id as caseEventId',
      'registration_id as registrationId',
      'workflow_id as workflowId',
    ])
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** The first confirmation counts; later ones (a second click, a coordinator after the link) change nothing. */
export async function recordConfirmation(
  db: Db,
  confirmation: {
    caseEventId: string;
    registrationId: string;
    by: 'link' | 'pin' | 'coordinator' | 'portal';
  },
): Promise<void> {
  await db
    .insertInto('notification_confirmation')
    .values({
      case_event_id: confirmation.caseEventId,
      registration_id: confirmation.registrationId,
      confirmed_by: confirmation.by,
    })
    .onConflict((oc) => oc.columns(['case_event_id', 'registration_id']).doNothing())
    .execute();
}

export async function findConfirmation(
  db: Db,
  caseEventId: string,
  registrationId: string,
): Promise<{ by: string; at: Date } | undefined> {
  const row = await db
    .selectFrom('notification_confirmation')
    .select(['confirmed_by', 'confirmed_at'])
    .where('case_event_id', '=', caseEventId)
    .where('registration_id', '=', registrationId)
    .executeTakeFirst();
  return row && { by: row.confirmed_by, at: row.confirmed_at };
}

/** The registrant's own settings, reached through one of their registrations. */
export async function updateRegistrantOf(
  db: Db,
  registrationId: string,
  settings: { language?: string; timeZone?: string; quietHours?: { start: string; end: string } | null },
): Promise<void> {
  const values = {
    ...(settings.language !== undefined && { language: settings.language }),
    ...(settings.timeZone !== undefined && { time_zone: settings.timeZone }),
    ...(settings.quietHours !== undefined && {
      quiet_hours_start: settings.quietHours?.start ?? null,
      quiet_hours_end: settings.quietHours?.end ?? null,
    }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .updateTable('registrant')
    .set(values)
    .where('id', '=', (eb) =>
      eb.selectFrom('registration').select('registrant_id').where('id', '=', registrationId),
    )
    .execute();
}
