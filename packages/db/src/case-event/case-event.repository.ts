import { sql } from 'kysely';
import type { Db } from '../connect';
import type { CaseEventRow, EventRejection } from '../schema';

export interface NewCaseEvent {
  agencyId: string;
  family: string;
  /** What it is about: the order rule applies among events about the same thing. */
  orderingKey: string;
  eventId: string;
  type: string;
  version: number;
  subjectRef: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  workflowId: string;
  urgency: string;
}

/**
 * Stores the event once per (agency, event id).
 *
 * The ordering rule: among one agency's events on one reference about the same thing (one hearing,
 * review or order; else one family, such as custody), the event with the latest event time is the
 * truth. An event that arrives after a later one is stored marked as superseded by it
 * (`superseded_by`), so nobody is told old news as if it were new.
 *
 * A second arrival returns the first row with `inserted: false`, so the caller can finish what a
 * crashed first attempt left undone.
 */
export async function recordCaseEvent(
  db: Db,
  event: NewCaseEvent,
): Promise<{ row: CaseEventRow; inserted: boolean }> {
  // One statement, because ingest does this for every event: the rule is applied as the row goes in.
  const inserted = await db
    .insertInto('case_event')
    .values((eb) => ({
      agency_id: event.agencyId,
      event_id: event.eventId,
      type: event.type,
      data_version: event.version,
      subject_ref: event.subjectRef,
      occurred_at: event.occurredAt,
      data: JSON.stringify(event.data),
      workflow_id: event.workflowId,
      family: event.family,
      ordering_key: event.orderingKey,
      urgency: event.urgency,
      superseded_by: eb
        .selectFrom('case_event as later')
        .select('later.id')
        .where('later.agency_id', '=', event.agencyId)
        .where('later.subject_ref', '=', event.subjectRef)
        .where('later.ordering_key', '=', event.orderingKey)
        .where('later.occurred_at', '>', event.occurredAt)
        .orderBy('later.occurred_at', 'desc')
        .limit(1),
    }))
    .onConflict((oc) => oc.constraint('case_event_once_per_agency').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, inserted: true };
  const existing = await findCaseEvent(db, event.agencyId, event.eventId);
  if (!existing) throw new Error(`case event ${event.agencyId}/${event.eventId} vanished after a conflict`);
  return { row: existing, inserted: false };
}

export async function markWorkflowStarted(db: Db, id: string): Promise<void> {
  await db
    .updateTable('case_event')
    .set({ workflow_started_at: new Date() })
    .where('id', '=', id)
    .where('workflow_started_at', 'is', null)
    .execute();
}

export async function findCaseEvent(
  db: Db,
  agencyId: string,
  eventId: string,
): Promise<CaseEventRow | undefined> {
  return db
    .selectFrom('case_event')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

export async function getCaseEventById(db: Db, id: string): Promise<CaseEventRow> {
  return db.selectFrom('case_event').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Kept only for an agency that exists: a made-up id in a URL or a subject leaves nothing behind,
 * so nobody can fill the table, or an agency's list, by inventing agencies.
 */
export async function recordRejection(
  db: Db,
  rejection: { agencyId: string; eventId?: string; code: string; message: string; field?: string },
): Promise<void> {
  const text = (value: string | undefined) => sql<string>`${value ?? null}::text`;
  await db
    .insertInto('event_rejection')
    .columns(['agency_id', 'event_id', 'code', 'message', 'field'])
    .expression(
      db
        .selectFrom('agency')
        .select([
          'agency.id',
          text(rejection.eventId).as('event_id'),
          text(rejection.code).as('code'),
          text(rejection.message).as('message'),
          text(rejection.field).as('field'),
        ])
        .where('agency.id', '=', rejection.agencyId),
    )
    .execute();
}

export async function listRecentRejections(db: Db, agencyId: string, limit = 50): Promise<EventRejection[]> {
  return db
    .selectFrom('event_rejection')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countCaseEvents(
  db: Db,
  agencyId: string,
): Promise<{ stored: number; started: number; held: number }> {
  const row = await db
    .selectFrom('case_event')
    .select((eb) => [
      eb.fn.countAll<string>().as('stored'),
      eb.fn.count<string>('workflow_started_at').as('started'),
      eb.fn.count<string>('hold_id').as('held'),
    ])
    .where('agency_id', '=', agencyId)
    .executeTakeFirstOrThrow();
  return { stored: Number(row.stored), started: Number(row.started), held: Number(row.held) };
}

/**
 * How many of a hearing's scheduling events (scheduled, rescheduled, cancelled) came before this
 * one, in the order they happened: the calendar invite's SEQUENCE, so each change outranks the
 * invite it replaces even when two arrive within the same second.
 */
export async function hearingChangesBefore(db: Db, caseEventId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from case_event e, case_event me
    where me.id = ${caseEventId}
      and e.agency_id = me.agency_id
      and e.type in ('court.hearing_scheduled', 'court.hearing_rescheduled', 'court.hearing_cancelled')
      and e.data->>'hearingId' = me.data->>'hearingId'
      and (e.occurred_at, e.received_at, e.id) < (me.occurred_at, me.received_at, me.id)`.execute(db);
  return rows[0]?.n ?? 0;
}
