import { type Kysely, sql } from 'kysely';

/**
 * Consent grants and what enforces them: the hub's token-signing keys (private halves sealed),
 * agencies' client assertions seen (replay protection), the registrant's details that consents
 * disclose (sealed, each with the regime of whoever holds it), and the audit trail, which the
 * database itself keeps append-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hub_key')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('private_jwk_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    /** No longer signs; still verifies until `retired_at` + the longest token life. */
    .addColumn('retired_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('consent_grant')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('registrant_id', 'uuid', (c) => c.notNull().references('registrant.id').onDelete('cascade'))
    .addColumn('recipient_agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('fields', sql`text[]`, (c) => c.notNull())
    .addColumn('denied_fields', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('case_ref', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('regime', 'text', (c) =>
      c.notNull().check(sql`regime in ('community_advocate', 'systems_advocate', 'law_enforcement')`),
    )
    .addColumn('notice_hash', 'text', (c) => c.notNull().check(sql`notice_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('granted_by', 'text', (c) => c.notNull().check(sql`granted_by in ('registrant', 'advocate')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('expiry_reminded_at', 'timestamptz')
    .addCheckConstraint('consent_grant_window', sql`expires_at > starts_at`)
    .addCheckConstraint('consent_grant_has_fields', sql`cardinality(fields) > 0`)
    .execute();
  await db.schema
    .createIndex('consent_grant_by_registrant')
    .on('consent_grant')
    .columns(['registrant_id', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('consent_grant_by_case')
    .on('consent_grant')
    .columns(['case_ref', 'recipient_agency_id'])
    .execute();

  await db.schema
    .createTable('client_assertion')
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_assertion_pk', ['agency_id', 'jti'])
    .execute();

  await db.schema
    .createTable('registrant_detail')
    .addColumn('registrant_id', 'uuid', (c) => c.notNull().references('registrant.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value_sealed', 'text', (c) => c.notNull())
    .addColumn('held_by', 'text', (c) =>
      c.notNull().check(sql`held_by in ('community_advocate', 'systems_advocate', 'law_enforcement', 'hub')`),
    )
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('registrant_detail_pk', ['registrant_id', 'field'])
    .execute();
  await db.schema
    .alterTable('registrant')
    .addColumn('address_confidential', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable('audit_record')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('consent_id', 'uuid')
    .addColumn('token_id', 'text')
    .addColumn('fields', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('allowed', 'refused', 'recorded')`),
    )
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  // One round trip per record: take the chain's lock, read the head, link and insert. The content
  // digest comes from the application (verification recomputes it there); the link is made here.
  await sql`create function append_audit_record(
              p_recorded_at timestamptz, p_actor text, p_action text, p_consent_id uuid, p_token_id text,
              p_fields text[], p_outcome text, p_reason text, p_content_digest text)
            returns text language plpgsql as $$
            declare
              v_prev text;
              v_hash text;
            begin
              perform pg_advisory_xact_lock(1398227317);
              select hash into v_prev from audit_record order by seq desc limit 1;
              v_prev := coalesce(v_prev, repeat('0', 64));
              v_hash := encode(sha256(convert_to(v_prev || p_content_digest, 'UTF8')), 'hex');
              insert into audit_record (recorded_at, actor, action, consent_id, token_id, fields, outcome, reason, prev_hash, hash)
              values (p_recorded_at, p_actor, p_action, p_consent_id, p_token_id, p_fields, p_outcome, p_reason, v_prev, v_hash);
              return v_hash;
            end $$`.execute(db);
  // The application never changes the trail, and the database refuses to, whoever asks.
  await sql`create function audit_record_is_append_only() returns trigger language plpgsql as $$
            begin raise exception 'audit_record is append-only: % refused', tg_op; end $$`.execute(db);
  await sql`create trigger audit_record_no_change before update or delete on audit_record
            for each row execute function audit_record_is_append_only()`.execute(db);
  await sql`create trigger audit_record_no_truncate before truncate on audit_record
            for each statement execute function audit_record_is_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_record').execute();
  await sql`drop function audit_record_is_append_only()`.execute(db);
  await sql`drop function append_audit_record`.execute(db);
  await db.schema.alterTable('registrant').dropColumn('address_confidential').execute();
  await db.schema.dropTable('registrant_detail').execute();
  await db.schema.dropTable('client_assertion').execute();
  await db.schema.dropTable('consent_grant').execute();
  await db.schema.dropTable('hub_key').execute();
}
