import { type Kysely, sql } from 'kysely';

/**
 * A snapshot row whose key was read but whose other fields were not is staged as `kept`: the item
 * is in the file, so what the last snapshot said of it stands (it must not look released).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table snapshot_staging add column kept boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table snapshot_staging drop column kept`.execute(db);
}
