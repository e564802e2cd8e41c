import { type Kysely, sql } from 'kysely';

/**
 * The order rule by what an event is about (a hearing, a review, an order; else its family), within
 * one agency's reference: rows older than this take their family, as the rule used to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_event add column ordering_key text`.execute(db);
  await sql`update case_event set ordering_key = family`.execute(db);
  await sql`alter table case_event alter column ordering_key set not null`.execute(db);
  await sql`create index case_event_ordering on case_event (agency_id, subject_ref, ordering_key, occurred_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_event drop column ordering_key`.execute(db);
}
