import { type Kysely, sql } from 'kysely';

/**
 * An advocate signs in as a user of their agency; their session keeps the blind index of the work
 * email their identity provider verified (never the address), which is how the hub finds the
 * registrations that name them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table caller_session add column staff_email_index text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table caller_session drop column staff_email_index`.execute(db);
}
