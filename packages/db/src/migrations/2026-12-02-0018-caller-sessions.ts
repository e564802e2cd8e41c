import { type Kysely, sql } from 'kysely';

/**
 * Signed-in people: coordinators, supervisors and administrators after their identity provider's
 * multi-factor sign-in, and registrants after a one-time code. Only the SHA-256 of a session token
 * is kept, so the table cannot be replayed; a session ends at its absolute expiry, after its idle
 * timeout, or when signed out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table caller_session (
    id uuid primary key default gen_random_uuid(),
    token_hash text not null unique,
    kind text not null check (kind in ('staff', 'registrant')),
    -- staff: the identity provider's subject; registrant: the registrant's id
    subject text not null,
    -- staff only: the name their identity provider gives, which the audit trail records
    staff_name text,
    roles text[] not null default '{}',
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    idle_seconds integer not null,
    expires_at timestamptz not null,
    ended_at timestamptz
  )`.execute(db);
  await sql`create index caller_session_subject on caller_session (kind, subject)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table caller_session`.execute(db);
}
