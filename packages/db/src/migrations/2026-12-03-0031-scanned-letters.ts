import { type Kysely, sql } from 'kysely';

/** A letter may be a scan (PDF or image): its type here, its bytes sealed where a letter's words are. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table apology_letter add column scan_type text
    check (scan_type in ('application/pdf', 'image/jpeg', 'image/png'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table apology_letter drop column scan_type`.execute(db);
}
