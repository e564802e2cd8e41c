import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../connect';
import type { AuditRecord } from '../schema';

/** What an audit record says: identifiers, field names and reasons, never personal data. */
export interface AuditEntry {
  /** An agency id, `registrant`, `advocate`, `coordinator` or `hub`. */
  actor: string;
  /** `disclosure.read`, `disclosure.forward`, `consent.grant`, `consent.revoke`, `consent.token`, … */
  action: string;
  consentId?: string | null;
  /** The consent token's or client assertion's `jti`. */
  tokenId?: string | null;
  fields?: readonly string[];
  outcome: 'allowed' | 'refused' | 'recorded';
  reason?: string;
}

const GENESIS = '0'.repeat(64);

/**
 * Appends one record linked to the last: its hash is SHA-256 over the previous record's hash and
 * the digest of its own content. The database function takes the chain's lock, so concurrent
 * appends (from any process) line up. Only inserts: triggers refuse updates, deletes, truncation.
 * Inside a caller's transaction the record commits, or not, with the rest of its work.
 */
export async function appendAuditRecord(db: Db, entry: AuditEntry): Promise<{ hash: string }> {
  const record = recordOf(entry);
  const { rows } = await sql<{ hash: string }>`select append_audit_record(
      ${record.recorded_at}, ${record.actor}, ${record.action}, ${record.consent_id}, ${record.token_id},
      ${record.fields}::text[], ${record.outcome}, ${record.reason}, ${contentDigest(record)}) as hash`.execute(
    db,
  );
  return { hash: rows[0]!.hash };
}

/**
 * One statement, one round trip: spends an agency's client assertion (its `jti`) and appends the
 * audit record of what was done with it: `ifFresh` when the assertion was unused, `ifReplayed` when
 * it had been used already. Both happen, or neither, without an explicit transaction.
 */
export async function spendAssertionWithAudit(
  db: Db,
  assertion: { agencyId: string; jti: string; expiresAt: Date },
  ifFresh: AuditEntry,
  ifReplayed: AuditEntry,
): Promise<{ fresh: boolean }> {
  const call = (entry: AuditEntry) => {
    const record = recordOf(entry);
    return sql`append_audit_record(${record.recorded_at}, ${record.actor}, ${record.action}, ${record.consent_id},
      ${record.token_id}, ${record.fields}::text[], ${record.outcome}, ${record.reason}, ${contentDigest(record)})`;
  };
  const { rows } = await sql<{ fresh: boolean }>`with spent as (
      insert into client_assertion (agency_id, jti, expires_at)
      values (${assertion.agencyId}, ${assertion.jti}, ${assertion.expiresAt})
      on conflict do nothing returning 1)
    select exists (select 1 from spent) as fresh,
      case when exists (select 1 from spent) then ${call(ifFresh)} else ${call(ifReplayed)} end as hash`.execute(
    db,
  );
  return { fresh: rows[0]!.fresh };
}

function recordOf(entry: AuditEntry) {
  return {
    recorded_at: new Date(),
    actor: entry.actor,
    action: entry.action,
    consent_id: entry.consentId ?? null,
    token_id: entry.tokenId ?? null,
    fields: [...(entry.fields ?? [])],
    outcome: entry.outcome,
    reason: entry.reason ?? '',
  };
}

type Content = Omit<AuditRecord, 'seq' | 'hash' | 'prev_hash'>;

function contentDigest(record: Content): string {
  // A fixed order of fields: the digest must not depend on how an object was built.
  const content = JSON.stringify([
    record.recorded_at.toISOString(),
    record.actor,
    record.action,
    record.consent_id,
    record.token_id,
    record.fields,
    record.outcome,
    record.reason,
  ]);
  return sha256(content);
}

function linkHash(prevHash: string, record: Content): string {
  return sha256(prevHash + contentDigest(record));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type ChainVerification =
  | { ok: true; records: number; head: string }
  | { ok: false; records: number; brokenAt: string; problem: string };

/**
 * Walks the chain from the start, recomputing every hash. Names the first record whose content no
 * longer matches its hash, or whose link to the previous record is broken (a record removed or
 * inserted). `onProgress` is called every `batch` records.
 */
export async function verifyAuditChain(
  db: Db,
  onProgress?: (checked: number) => void,
  batch = 5000,
): Promise<ChainVerification> {
  let prevHash = GENESIS;
  let after = '0';
  let records = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_record')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      records++;
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          records,
          brokenAt: String(row.seq),
          problem: 'its link to the record before it does not match: a record was removed or inserted',
        };
      }
      if (linkHash(row.prev_hash, row) !== row.hash) {
        return {
          ok: false,
          records,
          brokenAt: String(row.seq),
          problem: 'its content does not match its hash: it was changed after it was written',
        };
      }
      prevHash = row.hash;
      after = String(row.seq);
    }
    onProgress?.(records);
    if (rows.length < batch) return { ok: true, records, head: prevHash };
  }
}

export async function listAuditRecords(
  db: Db,
  filter: { consentId?: string; actor?: string; since?: string; limit?: number } = {},
): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_record').selectAll();
  if (filter.consentId) query = query.where('consent_id', '=', filter.consentId);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.since) query = query.where('seq', '>', filter.since);
  return query
    .orderBy('seq')
    .limit(filter.limit ?? 1000)
    .execute();
}
