import { sql } from 'kysely';
import type { Db } from '../connect';

/** An agency's NIEM profile as stored; @switchboard/niem validates it on the way in and out. */
export async function findNiemProfile(
  db: Db,
  agencyId: string,
): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom('niem_profile')
    .select('profile')
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  return row?.profile;
}

export async function saveNiemProfile(
  db: Db,
  agencyId: string,
  profile: Record<string, unknown>,
  updatedBy: string,
): Promise<void> {
  await db
    .insertInto('niem_profile')
    .values({ agency_id: agencyId, profile: JSON.stringify(profile), updated_by: updatedBy })
    .onConflict((oc) =>
      oc.column('agency_id').doUpdateSet({
        profile: JSON.stringify(profile),
        updated_by: updatedBy,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

/**
 * The schedule the hub last stored for one of an agency's hearings (scheduled or rescheduled, by
 * event time), which a NIEM update or delete message changes without repeating it.
 */
export async function latestHearingSchedule(
  db: Db,
  agencyId: string,
  subjectRef: string,
  hearingId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('case_event')
    .select(sql<string>`data->>'scheduledFor'`.as('scheduled_for'))
    .where('agency_id', '=', agencyId)
    .where('subject_ref', '=', subjectRef)
    .where('ordering_key', '=', `court:${hearingId}`)
    .where('type', 'in', ['court.hearing_scheduled', 'court.hearing_rescheduled'])
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.scheduled_for;
}
