import { sql } from 'kysely';
import type { Db } from '../connect';

export interface FeedState {
  agencyId: string;
  agencyName: string;
  /** The agency's own office contact (never a victim's). */
  contact: string;
  heartbeatSeconds: number | null;
  health: 'unknown' | 'healthy' | 'unhealthy';
  since: Date | null;
  /** The last time the feed spoke: any event (heartbeats included), or a completed snapshot. */
  lastHeardAt: Date | null;
}

export async function setHeartbeatExpectation(
  db: Db,
  agencyId: string,
  seconds: number | null,
): Promise<boolean> {
  const result = await db
    .updateTable('agency')
    .set(
      seconds === null
        ? { heartbeat_seconds: null, feed_health: 'unknown' as const, feed_health_since: null }
        : // A feed never heard from is due one window after the watch begins.
          { heartbeat_seconds: seconds, feed_health_since: sql<Date>`coalesce(feed_health_since, now())` },
    )
    .where('id', '=', agencyId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One agency's feed, or every agency's: what is expected of it and when it last spoke. */
export async function findFeedStates(db: Db, agencyId?: string): Promise<FeedState[]> {
  let query = db
    .selectFrom('agency')
    .select([
      'agency.id',
      'agency.name',
      'agency.contact',
      'agency.heartbeat_seconds',
      'agency.feed_health',
      'agency.feed_health_since',
      sql<Date | null>`greatest(
        (select max(received_at) from case_event where case_event.agency_id = agency.id),
        (select max(finished_at) from snapshot_import
          where snapshot_import.agency_id = agency.id and snapshot_import.status = 'done'))`.as(
        'last_heard_at',
      ),
    ])
    .orderBy('agency.id');
  if (agencyId) query = query.where('agency.id', '=', agencyId);
  const rows = await query.execute();
  return rows.map((row) => ({
    agencyId: row.id,
    agencyName: row.name,
    contact: row.contact,
    heartbeatSeconds: row.heartbeat_seconds,
    health: row.feed_health,
    since: row.feed_health_since,
    lastHeardAt: row.last_heard_at,
  }));
}

/** Records a change of health; false when it already stood so (the alert was sent by whoever changed it). */
export async function recordFeedHealth(
  db: Db,
  agencyId: string,
  health: 'healthy' | 'unhealthy',
): Promise<boolean> {
  const result = await db
    .updateTable('agency')
    .set({ feed_health: health, feed_health_since: new Date() })
    .where('id', '=', agencyId)
    .where('feed_health', '<>', health)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
