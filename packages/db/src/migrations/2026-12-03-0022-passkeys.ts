import { type Kysely, sql } from 'kysely';

/**
 * Registrants' passkeys (WebAuthn): the credential's id and public key, never anything that signs.
 * A session remembers the challenge it was last given and when its passkey was last shown, so
 * changing consents, contact points, representative or advocate can ask for it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table registrant_passkey (
    id text primary key,
    registrant_id uuid not null references registrant(id) on delete cascade,
    public_key bytea not null,
    counter bigint not null default 0,
    transports text[] not null default '{}',
    created_at timestamptz not null default now(),
    last_used_at timestamptz
  )`.execute(db);
  await sql`create index registrant_passkey_by_registrant on registrant_passkey (registrant_id)`.execute(db);
  await sql`alter table caller_session
    add column webauthn_challenge text,
    add column passkey_verified_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table caller_session drop column webauthn_challenge, drop column passkey_verified_at`.execute(
    db,
  );
  await sql`drop table registrant_passkey`.execute(db);
}
