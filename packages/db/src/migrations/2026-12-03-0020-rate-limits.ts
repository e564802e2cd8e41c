import { type Kysely, sql } from 'kysely';

/**
 * Counts for rate limits, shared by every API process: the table rate-limiter-flexible's PostgreSQL
 * store reads and writes (its layout, made here so the library never creates tables itself).
 * Keys are hashes, never an address or a contact point in clear.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rate_limit (
    key varchar(255) primary key,
    points integer not null default 0,
    expire bigint
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limit`.execute(db);
}
