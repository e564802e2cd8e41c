import { sql } from 'kysely';
import type { Db } from '../connect';
import type { BurstHold, CaseEventRow } from '../schema';

export interface BurstSettings {
  /** The span a burst is counted over. */
  windowSeconds: number;
  /** A burst is more than this many times the agency's usual count in such a span… */
  factor: number;
  /** …and more than this many events, whatever the usual count. */
  minimum: number;
  /** How far back "usual" looks. */
  baselineDays: number;
}

/** News that could send a victim into action; a retraction is a correction, never held. */
const guarded = (urgency: string, type: string) =>
  (urgency === 'urgent' || urgency === 'high') && type !== 'feed.retraction';

/**
 * Decides, before any victim hears of it, whether one urgent or high event joins a burst hold. The
 * agency's recent count is what it had let through in the window plus what is stored and not yet
 * started (all of a snapshot's events at once). If it has a hold open the event joins it; if the
 * count exceeds both the minimum and `factor` times the agency's usual count for such a window, a
 * hold opens and takes every such event of the agency not yet started; otherwise the event is let
 * through and counted. The usual rate is only read, under a per-agency lock, when the minimum is
 * passed, so the common case costs two short statements. Returns the hold's id, or null.
 */
export async function holdIfBurst(
  db: Db,
  event: CaseEventRow,
  settings: BurstSettings,
): Promise<string | null> {
  if (!guarded(event.urgency, event.type)) return null;
  const window = sql`make_interval(secs => ${settings.windowSeconds})`;
  const facts = sql`
    select (select id from burst_hold where agency_id = ${event.agency_id} and status = 'held') as open,
           (select coalesce(sum(admitted), 0) from burst_count
             where agency_id = ${event.agency_id} and minute > now() - ${window}) as admitted,
           (select count(*) from case_event
             where agency_id = ${event.agency_id} and workflow_started_at is null and hold_id is null
               and retracted_by is null and urgency in ('urgent', 'high') and type <> 'feed.retraction') as pending,
           (select hold_id from case_event where id = ${event.id}) as mine`;
  type Facts = { open: string | null; admitted: string; pending: string; mine: string | null };
  const look = async (q: Db) => (await sql<Facts>`${facts}`.execute(q)).rows[0]!;
  const join = async (q: Db, holdId: string) => {
    await q.updateTable('case_event').set({ hold_id: holdId }).where('id', '=', event.id).execute();
    return holdId;
  };
  const count = sql`insert into burst_count (agency_id, minute, admitted)
                    values (${event.agency_id}, date_trunc('minute', now()), 1)
                    on conflict (agency_id, minute) do update set admitted = burst_count.admitted + 1`;
  const admit = async (q: Db) => {
    await sql`${count}`.execute(q);
    return null;
  };

  // The common case in one statement: no hold, within the minimum (the pending count includes this
  // event), so it is counted and let through.
  const seen = (
    await sql<Facts & { let_through: boolean }>`
      with seen as (${facts}),
           counted as (
             insert into burst_count (agency_id, minute, admitted)
             select ${event.agency_id}, date_trunc('minute', now()), 1 from seen
              where open is null and mine is null and admitted + pending <= ${settings.minimum}
             on conflict (agency_id, minute) do update set admitted = burst_count.admitted + 1
             returning 1)
      select seen.*, exists (select 1 from counted) as let_through from seen`.execute(db)
  ).rows[0]!;
  if (seen.let_through) return null;
  if (seen.mine) return seen.mine;
  if (seen.open) return join(db, seen.open);

  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`burst:${event.agency_id}`}))`.execute(trx);
    const now = await look(trx);
    if (now.mine) return now.mine;
    if (now.open) return join(trx, now.open);
    const recent = Number(now.admitted) + Number(now.pending);
    const usual = await sql<{ n: string }>`
      select coalesce(sum(admitted), 0) as n from burst_count
       where agency_id = ${event.agency_id} and minute <= now() - ${window}
         and minute > now() - make_interval(days => ${settings.baselineDays})`.execute(trx);
    const usualPerWindow =
      Number(usual.rows[0]?.n ?? 0) / ((settings.baselineDays * 86_400) / settings.windowSeconds);
    const threshold = Math.max(settings.minimum, settings.factor * usualPerWindow);
    if (recent <= threshold) return admit(trx);
    const minutes = Math.round(settings.windowSeconds / 60);
    const hold = await trx
      .insertInto('burst_hold')
      .values({
        agency_id: event.agency_id,
        reason: `${recent} urgent or high events in ${minutes} min; usually ${usualPerWindow.toFixed(1)} (threshold ${threshold.toFixed(1)})`,
        decided_by: null,
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('case_event')
      .set({ hold_id: hold.id })
      .where('agency_id', '=', event.agency_id)
      .where('workflow_started_at', 'is', null)
      .where('hold_id', 'is', null)
      .where('retracted_by', 'is', null)
      .where('urgency', 'in', ['urgent', 'high'])
      .where('type', '<>', 'feed.retraction')
      .execute();
    return hold.id;
  });
}

export interface HoldSummary extends BurstHold {
  events: number;
  byType: Record<string, number>;
}

/** Holds with how many events each keeps back, by type: identifiers only. */
export async function listBurstHolds(
  db: Db,
  filter: { status?: BurstHold['status']; agencyId?: string } = {},
): Promise<HoldSummary[]> {
  let query = db.selectFrom('burst_hold').selectAll().orderBy('opened_at', 'desc').limit(100);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
  const holds = await query.execute();
  if (holds.length === 0) return [];
  const counts = await db
    .selectFrom('case_event')
    .select(['hold_id', 'type', (eb) => eb.fn.countAll<string>().as('n')])
    .where(
      'hold_id',
      'in',
      holds.map((hold) => hold.id),
    )
    .groupBy(['hold_id', 'type'])
    .execute();
  return holds.map((hold) => {
    const byType: Record<string, number> = {};
    for (const row of counts) if (row.hold_id === hold.id) byType[row.type] = Number(row.n);
    return { ...hold, events: Object.values(byType).reduce((a, b) => a + b, 0), byType };
  });
}

/** The events a hold keeps back, a page at a time: references and types, no personal data. */
export async function listHeldEvents(db: Db, holdId: string, limit = 100) {
  return db
    .selectFrom('case_event')
    .select(['id', 'event_id', 'type', 'subject_ref', 'occurred_at', 'origin'])
    .where('hold_id', '=', holdId)
    .orderBy('received_at')
    .limit(limit)
    .execute();
}

/** A coordinator's decision; only an open hold can be decided, once. */
export async function decideBurstHold(
  db: Db,
  holdId: string,
  decision: 'released' | 'discarded',
  decidedBy: string,
): Promise<BurstHold | undefined> {
  return db
    .updateTable('burst_hold')
    .set({ status: decision, decided_by: decidedBy, decided_at: new Date() })
    .where('id', '=', holdId)
    .where('status', '=', 'held')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Stored events whose workflow has not started and may now: derived from a snapshot, released from
 * a hold, or published but left unstarted by a crash (after a grace period, so the ingest that is
 * starting it now is not raced). Never retracted ones, never ones a hold still keeps.
 */
export async function listEventsToStart(
  db: Db,
  limit: number,
  options: { graceSeconds?: number; agencyIds?: string[] } = {},
): Promise<CaseEventRow[]> {
  const graceSeconds = options.graceSeconds ?? 30;
  let query = db
    .selectFrom('case_event')
    .leftJoin('burst_hold', 'burst_hold.id', 'case_event.hold_id')
    .selectAll('case_event')
    .where('case_event.workflow_started_at', 'is', null)
    .where('case_event.retracted_by', 'is', null)
    .where((eb) => eb.or([eb('case_event.hold_id', 'is', null), eb('burst_hold.status', '=', 'released')]))
    .where((eb) =>
      eb.or([
        eb('case_event.origin', '=', 'snapshot'),
        eb('case_event.hold_id', 'is not', null),
        sql<boolean>`case_event.received_at < now() - make_interval(secs => ${graceSeconds})`,
      ]),
    )
    .orderBy('case_event.received_at')
    .limit(limit);
  if (options.agencyIds) query = query.where('case_event.agency_id', 'in', options.agencyIds);
  return query.execute();
}

/** Marks the original withdrawn by a retraction; returns false when another retraction got there first. */
export async function markRetracted(db: Db, originalId: string, retractionId: string): Promise<boolean> {
  const result = await db
    .updateTable('case_event')
    .set({ retracted_by: retractionId })
    .where('id', '=', originalId)
    .where((eb) => eb.or([eb('retracted_by', 'is', null), eb('retracted_by', '=', retractionId)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Registrations that were sent the event or a reminder of it (or may have been: a send in
 * progress), in id order, a
 * page at a time: the people a correction must reach.
 */
export async function findRegistrationsTold(
  db: Db,
  caseEventId: string,
  page: { after?: string; limit: number },
): Promise<string[]> {
  let query = db
    .selectFrom('delivery')
    .select('registration_id')
    .distinct()
    .where('case_event_id', '=', caseEventId);
  if (page.after) query = query.where('registration_id', '>', page.after);
  const rows = await query.orderBy('registration_id').limit(page.limit).execute();
  return rows.map((row) => row.registration_id);
}

/**
 * Runs `work` if no other process is running it now (a transaction-scoped advisory lock on `name`):
 * several ingest processes each run the dispatcher, and one round at a time is enough. Returns
 * undefined when another process holds it.
 */
export async function whileHolding<T>(db: Db, name: string, work: () => Promise<T>): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      got: boolean;
    }>`select pg_try_advisory_xact_lock(hashtext(${name})) as got`.execute(trx);
    return rows[0]?.got ? work() : undefined;
  });
}
