import { type Kysely, sql } from 'kysely';

/**
 * A registrant who replies STOP to a text gets no more texts on that number until they reply START:
 * kept apart from a number disabled because the provider refused it, which START does not undo.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contact_point add column opted_out_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contact_point drop column opted_out_at`.execute(db);
}
