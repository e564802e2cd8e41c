import { type Kysely, sql } from 'kysely';

/**
 * Safety holds (18 U.S.C. 3771): an agency or a coordinator holds back the notices of one event,
 * for everyone or for named registrations, for a reason from a fixed list and until a set time. Keyed
 * by the agency's own event id, so a hold can be placed before the event is published.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table safety_hold (
    id uuid primary key default gen_random_uuid(),
    agency_id text not null references agency(id),
    event_id text not null,
    registration_ids uuid[],
    reason text not null,
    placed_by text not null,
    placed_at timestamptz not null default now(),
    ends_at timestamptz not null,
    released_at timestamptz,
    released_by text
  )`.execute(db);
  await sql`create index safety_hold_by_event on safety_hold (agency_id, event_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table safety_hold`.execute(db);
}
