import { type Kysely, sql } from 'kysely';

/**
 * What an agency's NIEM messages leave out (facility, time zone, its court's hearing-type codes),
 * set by the agency or an administrator: one row per agency, validated by @switchboard/niem.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table niem_profile (
    agency_id text primary key references agency(id),
    profile jsonb not null,
    updated_by text not null,
    updated_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table niem_profile`.execute(db);
}
