import type { Db } from '../connect';

export interface SafetyHold {
  id: string;
  agencyId: string;
  eventId: string;
  /** Null: every registration told of the event. */
  registrationIds: string[] | null;
  reason: string;
  placedBy: string;
  placedAt: Date;
  endsAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
}

const columns = [
  'id',
  'agency_id',
  'event_id',
  'registration_ids',
  'reason',
  'placed_by',
  'placed_at',
  'ends_at',
  'released_at',
  'released_by',
] as const;

type Row = {
  id: string;
  agency_id: string;
  event_id: string;
  registration_ids: string[] | null;
  reason: string;
  placed_by: string;
  placed_at: Date;
  ends_at: Date;
  released_at: Date | null;
  released_by: string | null;
};

const toHold = (r: Row): SafetyHold => ({
  id: r.id,
  agencyId: r.agency_id,
  eventId: r.event_id,
  registrationIds: r.registration_ids,
  reason: r.reason,
  placedBy: r.placed_by,
  placedAt: r.placed_at,
  endsAt: r.ends_at,
  releasedAt: r.released_at,
  releasedBy: r.released_by,
});

export async function saveSafetyHold(
  db: Db,
  hold: {
    agencyId: string;
    eventId: string;
    registrationIds: string[] | null;
    reason: string;
    placedBy: string;
    endsAt: Date;
  },
): Promise<SafetyHold> {
  const row = await db
    .insertInto('safety_hold')
    .values({
      agency_id: hold.agencyId,
      event_id: hold.eventId,
      registration_ids: hold.registrationIds,
      reason: hold.reason,
      placed_by: hold.placedBy,
      ends_at: hold.endsAt,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toHold(row);
}

export async function findSafetyHold(db: Db, id: string): Promise<SafetyHold | undefined> {
  const row = await db.selectFrom('safety_hold').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toHold(row);
}

/** Holds of one agency's events, newest first; `inForce` only those neither released nor lapsed. */
export async function listSafetyHolds(
  db: Db,
  filter: { agencyId?: string; inForce?: boolean },
  now = new Date(),
): Promise<SafetyHold[]> {
  let query = db.selectFrom('safety_hold').select(columns).orderBy('placed_at', 'desc').limit(500);
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
  if (filter.inForce) query = query.where('released_at', 'is', null).where('ends_at', '>', now);
  return (await query.execute()).map(toHold);
}

/** A new end time for a hold still in force; false when it is released or has lapsed. */
export async function renewSafetyHold(db: Db, id: string, endsAt: Date, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('safety_hold')
    .set({ ends_at: endsAt })
    .where('id', '=', id)
    .where('released_at', 'is', null)
    .where('ends_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a hold now; false when it was already released or had lapsed. */
export async function releaseSafetyHold(db: Db, id: string, by: string, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('safety_hold')
    .set({ released_at: now, released_by: by })
    .where('id', '=', id)
    .where('released_at', 'is', null)
    .where('ends_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Until when a registration's notices of a case event are held: the latest end among the holds in
 * force on that event (for everyone, or naming the registration); undefined when none is.
 */
export async function safetyHoldOn(
  db: Db,
  caseEventId: string,
  registrationId: string,
  now = new Date(),
): Promise<{ holdIds: string[]; until: Date } | undefined> {
  const rows = await holdsInForceOn(db, caseEventId, now);
  const covering = rows.filter(
    (r) => r.registration_ids === null || r.registration_ids.includes(registrationId),
  );
  if (covering.length === 0) return undefined;
  return {
    holdIds: covering.map((r) => r.id),
    until: new Date(Math.max(...covering.map((r) => r.ends_at.getTime()))),
  };
}

/** Which of these registrations a safety hold in force on the case event covers now. */
export async function safetyHeldAmong(
  db: Db,
  caseEventId: string,
  registrationIds: readonly string[],
  now = new Date(),
): Promise<Set<string>> {
  const rows = await holdsInForceOn(db, caseEventId, now);
  if (rows.some((r) => r.registration_ids === null)) return new Set(registrationIds);
  const named = new Set(rows.flatMap((r) => r.registration_ids ?? []));
  return new Set(registrationIds.filter((id) => named.has(id)));
}

function holdsInForceOn(db: Db, caseEventId: string, now: Date) {
  return db
    .selectFrom('safety_hold')
    .innerJoin('case_event', (join) =>
      join
        .onRef('case_event.agency_id', '=', 'safety_hold.agency_id')
        .onRef('case_event.event_id', '=', 'safety_hold.event_id'),
    )
    .select(['safety_hold.id', 'safety_hold.ends_at', 'safety_hold.registration_ids'])
    .where('case_event.id', '=', caseEventId)
    .where('safety_hold.released_at', 'is', null)
    .where('safety_hold.ends_at', '>', now)
    .execute();
}

/**
 * How many of the registrations a hold covers were already sent a notice of the event (a hold
 * placed late cannot call those back); null when the event has not arrived yet.
 */
export async function registrationsAlreadyTold(
  db: Db,
  agencyId: string,
  eventId: string,
  registrationIds: readonly string[] | null,
): Promise<number | null> {
  const event = await db
    .selectFrom('case_event')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!event) return null;
  let query = db
    .selectFrom('delivery')
    .select((eb) => eb.fn.count<string>('registration_id').distinct().as('told'))
    .where('case_event_id', '=', event.id)
    .where('status', '=', 'sent')
    .where('channel', 'in', ['email', 'sms', 'voice', 'webhook', 'portal']);
  if (registrationIds) query = query.where('registration_id', 'in', registrationIds);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.told);
}
