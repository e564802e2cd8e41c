import { type Kysely, sql } from 'kysely';

/**
 * Victims' requests for a dialogue through a restorative programme: which registration asked, which
 * programme, under which consent, and where it stands (mirrored from its workflow). No words.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table dialogue_request (
    id uuid primary key default gen_random_uuid(),
    registration_id uuid not null references registration(id),
    programme_agency_id text not null references agency(id),
    consent_id uuid not null references consent_grant(id),
    state text not null default 'screening',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index dialogue_request_by_programme on dialogue_request (programme_agency_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table dialogue_request`.execute(db);
}
