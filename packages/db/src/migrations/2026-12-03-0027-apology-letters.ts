import { type Kysely, sql } from 'kysely';

/**
 * The apology-letter bank: letters a prison or community-corrections agency deposits (sealed), and
 * each registration's asking for one: released, waiting for an advocate's screening, or withheld.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table apology_letter (
    id uuid primary key default gen_random_uuid(),
    agency_id text not null references agency(id),
    subject_ref text not null,
    text_sealed text not null,
    received_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index apology_letter_by_subject on apology_letter (agency_id, subject_ref)`.execute(db);
  await sql`create table letter_release (
    letter_id uuid not null references apology_letter(id),
    registration_id uuid not null references registration(id),
    state text not null check (state in ('screening', 'released', 'withheld')),
    requested_at timestamptz not null default now(),
    decided_by text,
    decided_at timestamptz,
    withheld_reason text,
    primary key (letter_id, registration_id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table letter_release`.execute(db);
  await sql`drop table apology_letter`.execute(db);
}
