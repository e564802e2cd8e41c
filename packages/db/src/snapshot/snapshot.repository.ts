import { sql } from 'kysely';
import type { Db } from '../connect';
import type { SnapshotImport } from '../schema';

export async function saveSnapshotMapping(
  db: Db,
  agencyId: string,
  feed: string,
  mapping: Record<string, unknown>,
): Promise<void> {
  const values = { mapping: JSON.stringify(mapping), updated_at: new Date() };
  await db
    .insertInto('snapshot_mapping')
    .values({ agency_id: agencyId, feed, ...values })
    .onConflict((oc) => oc.columns(['agency_id', 'feed']).doUpdateSet(values))
    .execute();
}

export async function findSnapshotMapping(
  db: Db,
  agencyId: string,
  feed: string,
): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom('snapshot_mapping')
    .select('mapping')
    .where('agency_id', '=', agencyId)
    .where('feed', '=', feed)
    .executeTakeFirst();
  return row?.mapping;
}

/** A new import; the first one that completes for a feed is its baseline and tells nobody anything. */
export async function startSnapshotImport(
  db: Db,
  agencyId: string,
  feed: string,
): Promise<{ id: string; baseline: boolean }> {
  const previous = await db
    .selectFrom('snapshot_import')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('feed', '=', feed)
    .where('status', '=', 'done')
    .limit(1)
    .executeTakeFirst();
  const row = await db
    .insertInto('snapshot_import')
    .values({ agency_id: agencyId, feed, baseline: !previous, failure: null, finished_at: null })
    .returning(['id', 'baseline'])
    .executeTakeFirstOrThrow();
  return row;
}

export interface StagedItem {
  line: number;
  itemKey: string;
  subjectRef: string;
  fields: Record<string, unknown>;
  digest: string;
  /** The row was rejected but its key was read: the item is there, unchanged as far as we know. */
  kept?: boolean;
}

/**
 * Puts a batch of rows aside for the diff. A row whose key an earlier row of the same file already
 * used is not staged: it comes back with the line of the first, to be rejected.
 */
export async function stageSnapshotItems(
  db: Db,
  importId: string,
  items: StagedItem[],
): Promise<{ line: number; firstLine: number }[]> {
  if (items.length === 0) return [];
  const duplicates: { line: number; itemKey: string }[] = [];
  const unique = new Map<string, StagedItem>();
  for (const item of items) {
    if (unique.has(item.itemKey)) duplicates.push(item);
    else unique.set(item.itemKey, item);
  }
  const staged = await db
    .insertInto('snapshot_staging')
    .values(
      [...unique.values()].map((item) => ({
        import_id: importId,
        item_key: item.itemKey,
        line: item.line,
        subject_ref: item.subjectRef,
        fields: JSON.stringify(item.fields),
        digest: item.digest,
        kept: item.kept ?? false,
      })),
    )
    .onConflict((oc) => oc.columns(['import_id', 'item_key']).doNothing())
    .returning('item_key')
    .execute();
  if (staged.length < unique.size) {
    const kept = new Set(staged.map((row) => row.item_key));
    for (const item of unique.values()) if (!kept.has(item.itemKey)) duplicates.push(item);
  }
  if (duplicates.length === 0) return [];
  const first = await db
    .selectFrom('snapshot_staging')
    .select(['item_key', 'line'])
    .where('import_id', '=', importId)
    .where(
      'item_key',
      'in',
      duplicates.map((item) => item.itemKey),
    )
    .execute();
  const firstLine = new Map(first.map((row) => [row.item_key, row.line]));
  return duplicates.map((item) => ({ line: item.line, firstLine: firstLine.get(item.itemKey) ?? 0 }));
}

/** Kept for the agency to fix its file; the first ten thousand of an import are plenty. */
export async function recordSnapshotRejections(
  db: Db,
  importId: string,
  rejections: { line: number; reason: string }[],
): Promise<void> {
  if (rejections.length === 0) return;
  await db
    .insertInto('snapshot_rejection')
    .values(rejections.map((r) => ({ import_id: importId, line: r.line, reason: r.reason.slice(0, 500) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** One item that differs between the previous snapshot and this one. */
export interface SnapshotChange {
  itemKey: string;
  /** Absent when the item left the file. */
  now?: { subjectRef: string; fields: Record<string, unknown> };
  /** Absent when the item is new. */
  before?: { subjectRef: string; fields: Record<string, unknown> };
}

export interface DerivedCaseEvent {
  eventId: string;
  type: string;
  family: string;
  /** What it is about, for the order rule (see recordCaseEvent). */
  orderingKey: string;
  urgency: string;
  subjectRef: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  workflowId: string;
}

const DIFF_PAGE = 2000;

/**
 * Diffs the staged snapshot against the previous one and, in one transaction, stores the events
 * the changes mean, makes this snapshot the current one and closes the import: a crash anywhere
 * leaves the previous snapshot current and no event stored, so running the import again is safe.
 * The events' workflows are started afterwards by ingest's dispatcher, which sees them committed.
 */
export async function applySnapshot(
  db: Db,
  run: {
    importId: string;
    agencyId: string;
    feed: string;
    baseline: boolean;
    rowsRead: number;
    rowsRejected: number;
    /**
     * Some rows could not be read at all (not even their key): an item missing from the file may be
     * one of them, so nothing is taken as gone; the previous snapshot's word on those items stands.
     */
    keepMissing: boolean;
    /**
     * A calendar whose court moves an appearance by cancelling it and adding a later one of the same
     * case and hearing type (a continuance): the two changes are one hearing moved.
     */
    continuances?: boolean;
  },
  eventsOf: (changes: SnapshotChange[]) => DerivedCaseEvent[],
  onProgress?: (diffed: number) => void,
): Promise<{ eventsEmitted: number; changes: number; keptMissing: number }> {
  return db.transaction().execute(async (trx) => {
    // Two imports of one feed at once would each diff against the same previous snapshot.
    await sql`select pg_advisory_xact_lock(hashtext(${`snapshot:${run.agencyId}:${run.feed}`}))`.execute(trx);
    await sql`create temp table snapshot_diff on commit drop as
      select item_key,
             s.subject_ref as now_subject_ref, s.fields as now_fields, s.digest as now_digest,
             i.subject_ref as before_subject_ref, i.fields as before_fields
        from (select item_key, subject_ref, fields, digest, kept from snapshot_staging
               where import_id = ${run.importId}) s
        full join (select item_key, subject_ref, fields, digest from snapshot_item
                    where agency_id = ${run.agencyId} and feed = ${run.feed}) i using (item_key)
       where s.digest is distinct from i.digest
         and s.kept is not true
         and (s.digest is not null or not ${run.keepMissing})`.execute(trx);
    await sql`create index on snapshot_diff (item_key)`.execute(trx);
    if (run.continuances) await pairContinuances(trx);

    let after = '';
    let changes = 0;
    let eventsEmitted = 0;
    for (;;) {
      const page = await sql<{
        item_key: string;
        now_subject_ref: string | null;
        now_fields: Record<string, unknown> | null;
        before_subject_ref: string | null;
        before_fields: Record<string, unknown> | null;
      }>`select item_key, now_subject_ref, now_fields, before_subject_ref, before_fields
           from snapshot_diff where item_key > ${after} order by item_key limit ${DIFF_PAGE}`.execute(trx);
      if (page.rows.length === 0) break;
      after = page.rows.at(-1)!.item_key;
      changes += page.rows.length;
      if (!run.baseline) {
        const events = eventsOf(
          page.rows.map((row) => ({
            itemKey: row.item_key,
            ...(row.now_fields && { now: { subjectRef: row.now_subject_ref!, fields: row.now_fields } }),
            ...(row.before_fields && {
              before: { subjectRef: row.before_subject_ref!, fields: row.before_fields },
            }),
          })),
        );
        if (events.length > 0) {
          const inserted = await trx
            .insertInto('case_event')
            .values(
              events.map((event) => ({
                agency_id: run.agencyId,
                event_id: event.eventId,
                type: event.type,
                data_version: 1,
                subject_ref: event.subjectRef,
                occurred_at: event.occurredAt,
                data: JSON.stringify(event.data),
                workflow_id: event.workflowId,
                family: event.family,
                ordering_key: event.orderingKey,
                origin: 'snapshot' as const,
                urgency: event.urgency,
              })),
            )
            .returning('id')
            .execute();
          // The ordering rule, as for published events: older news than what is known is superseded.
          await sql`update case_event e set superseded_by = (
                select later.id from case_event later
                 where later.agency_id = e.agency_id and later.subject_ref = e.subject_ref
                   and later.ordering_key = e.ordering_key
                   and later.occurred_at > e.occurred_at
                 order by later.occurred_at desc limit 1)
               where e.id = any(${inserted.map((row) => row.id)}::uuid[])`.execute(trx);
          eventsEmitted += events.length;
        }
      }
      onProgress?.(changes);
    }

    await sql`delete from snapshot_item i using snapshot_diff d
               where i.agency_id = ${run.agencyId} and i.feed = ${run.feed}
                 and i.item_key = d.item_key and d.now_fields is null`.execute(trx);
    // A hearing keeps the id it was first told under (a continued appearance takes its
    // predecessor's), so later news about it reaches the same hearing.
    await sql`insert into snapshot_item (agency_id, feed, item_key, subject_ref, fields, digest)
              select ${run.agencyId}, ${run.feed}, item_key, now_subject_ref,
                     case when before_fields ? 'hearingId'
                          then now_fields || jsonb_build_object('hearingId', before_fields->'hearingId')
                          else now_fields end,
                     now_digest
                from snapshot_diff where now_fields is not null
              on conflict (agency_id, feed, item_key) do update
                set subject_ref = excluded.subject_ref, fields = excluded.fields, digest = excluded.digest`.execute(
      trx,
    );
    const keptMissing = run.keepMissing
      ? Number(
          (
            await sql<{ n: string }>`select count(*) as n from snapshot_item i
               where i.agency_id = ${run.agencyId} and i.feed = ${run.feed}
                 and not exists (select 1 from snapshot_staging s
                                  where s.import_id = ${run.importId} and s.item_key = i.item_key)`.execute(
              trx,
            )
          ).rows[0]?.n ?? 0,
        )
      : 0;
    await trx.deleteFrom('snapshot_staging').where('import_id', '=', run.importId).execute();
    await trx
      .updateTable('snapshot_import')
      .set({
        status: 'done',
        rows_read: run.rowsRead,
        rows_rejected: run.rowsRejected,
        events_emitted: eventsEmitted,
        finished_at: new Date(),
      })
      .where('id', '=', run.importId)
      .execute();
    return { eventsEmitted, changes, keptMissing };
  });
}

/**
 * Pairs each appearance newly cancelled in this file with the earliest new, uncancelled appearance
 * of the same case and hearing type on a later date: the cancelled one is marked `continuedTo` the
 * new one's schedule, and the new one takes its hearing id and is marked `continuationOf`, so the
 * change reads as one reschedule and the hearing stays one hearing.
 */
async function pairContinuances(trx: Db): Promise<void> {
  await sql`create temp table snapshot_continuation on commit drop as
    select distinct on (c.item_key) c.item_key as cancelled_key, a.item_key as appeared_key,
           coalesce(c.before_fields->'hearingId', c.now_fields->'hearingId') as hearing_id,
           a.now_fields as appeared_fields
      from snapshot_diff c
      join snapshot_diff a
        on a.now_subject_ref = c.now_subject_ref
       and a.now_fields->>'hearingType' = c.now_fields->>'hearingType'
       and (a.now_fields->>'scheduledFor')::timestamptz > (c.now_fields->>'scheduledFor')::timestamptz
     where (c.now_fields->>'cancelled')::boolean
       and c.before_fields is not null and not (c.before_fields->>'cancelled')::boolean
       and a.before_fields is null and a.now_fields is not null and not (a.now_fields->>'cancelled')::boolean
     order by c.item_key, (a.now_fields->>'scheduledFor')::timestamptz`.execute(trx);
  await sql`update snapshot_diff d
               set now_fields = d.now_fields || jsonb_build_object('continuedTo', p.appeared_fields)
              from snapshot_continuation p where d.item_key = p.cancelled_key`.execute(trx);
  await sql`update snapshot_diff d
               set now_fields = d.now_fields || jsonb_build_object('hearingId', p.hearing_id, 'continuationOf', p.cancelled_key)
              from snapshot_continuation p where d.item_key = p.appeared_key`.execute(trx);
}

/** The import did not complete: its staged rows go, the previous snapshot stays current. */
export async function failSnapshotImport(db: Db, importId: string, failure: string): Promise<void> {
  await db.deleteFrom('snapshot_staging').where('import_id', '=', importId).execute();
  await db
    .updateTable('snapshot_import')
    .set({ status: 'failed', failure: failure.slice(0, 1000), finished_at: new Date() })
    .where('id', '=', importId)
    .execute();
}

export async function findSnapshotImport(
  db: Db,
  importId: string,
): Promise<(SnapshotImport & { rejections: { line: number; reason: string }[] }) | undefined> {
  const run = await db
    .selectFrom('snapshot_import')
    .selectAll()
    .where('id', '=', importId)
    .executeTakeFirst();
  if (!run) return undefined;
  const rejections = await db
    .selectFrom('snapshot_rejection')
    .select(['line', 'reason'])
    .where('import_id', '=', importId)
    .orderBy('line')
    .limit(1000)
    .execute();
  return { ...run, rejections };
}
