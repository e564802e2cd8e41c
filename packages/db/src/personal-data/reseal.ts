import { blindIndex, type DataKeyring, isSealed, open, seal, sealedUnder } from '@switchboard/sealing';
import { sql } from 'kysely';
import type { Db } from '../connect';

/** Every sealed column, with the blind index kept beside it where there is one. */
const SEALED_COLUMNS = [
  { table: 'registrant', key: 'id', column: 'display_name' },
  { table: 'contact_point', key: 'id', column: 'address', index: 'address_index' },
  { table: 'contact_point', key: 'id', column: 'secret' },
  { table: 'advocate', key: 'id', column: 'display_name' },
  { table: 'advocate', key: 'id', column: 'email', index: 'email_index', lowerCaseIndex: true },
  { table: 'registrant_detail', key: 'registrant_id, field', column: 'value_sealed' },
  { table: 'hub_key', key: 'kid', column: 'private_jwk_sealed' },
  { table: 'impact_statement', key: 'id', column: 'statement_sealed' },
  { table: 'inbox_message', key: 'id', column: 'subject_sealed' },
  { table: 'inbox_message', key: 'id', column: 'body_sealed' },
  // Its blind indexes are over normalised parts, not the sealed value: they do not change.
  { table: 'subject_identity', key: 'agency_id, subject_ref', column: 'name_sealed' },
  { table: 'subject_identity', key: 'agency_id, subject_ref', column: 'birth_date_sealed' },
] as const;

export interface ResealReport {
  /** Values found in clear (written before sealing existed) and sealed now. */
  sealed: number;
  /** Values under an older data key, sealed again under the current one. */
  rotated: number;
  unchanged: number;
}

/**
 * Brings every sealed column up to the current data key: plaintext rows are sealed (and indexed),
 * rows under a retired key re-sealed. Safe to run again and while the hub runs; a key can leave
 * DATA_KEYS once this reports nothing left under it.
 */
export async function resealPersonalData(
  db: Db,
  keyring: DataKeyring,
  onProgress?: (what: string, report: ResealReport) => void,
): Promise<ResealReport> {
  const total: ResealReport = { sealed: 0, rotated: 0, unchanged: 0 };
  for (const target of SEALED_COLUMNS) {
    const keyColumns = target.key.split(', ');
    const rows = await sql<Record<string, string>>`select ${sql.join(
      keyColumns.map((k) => sql.ref(k)),
    )}, ${sql.ref(target.column)} as value from ${sql.table(target.table)} where ${sql.ref(target.column)} is not null`.execute(
      db,
    );
    const report: ResealReport = { sealed: 0, rotated: 0, unchanged: 0 };
    for (const row of rows.rows) {
      const value = row.value!;
      let plain: string;
      if (!isSealed(value)) {
        plain = value;
        report.sealed++;
      } else if (sealedUnder(value) !== keyring.current) {
        plain = await open(keyring, value);
        report.rotated++;
      } else {
        report.unchanged++;
        continue;
      }
      const sets = [sql`${sql.ref(target.column)} = ${await seal(keyring, plain)}`];
      if ('index' in target) {
        const indexed = 'lowerCaseIndex' in target ? plain.toLowerCase() : plain;
        sets.push(sql`${sql.ref(target.index)} = ${blindIndex(keyring, indexed)}`);
      }
      const where = keyColumns.map((k) => sql`${sql.ref(k)} = ${row[k]}`);
      // Only if nobody changed the value meanwhile: a concurrent write wins, already sealed.
      await sql`update ${sql.table(target.table)} set ${sql.join(sets)}
                where ${sql.join(where, sql` and `)} and ${sql.ref(target.column)} = ${value}`.execute(db);
    }
    onProgress?.(`${target.table}.${target.column}`, report);
    total.sealed += report.sealed;
    total.rotated += report.rotated;
    total.unchanged += report.unchanged;
  }
  return total;
}
