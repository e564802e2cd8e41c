import { type Kysely, sql } from 'kysely';

/**
 * Flags on a case that change how the hub treats it, set by a coordinator or the agency whose
 * reference it is: intimate-partner violence sends apology letters to an advocate's screening first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table case_flag (
    agency_id text not null references agency(id),
    subject_ref text not null,
    flag text not null check (flag in ('intimate_partner_violence')),
    set_by text not null,
    set_at timestamptz not null default now(),
    primary key (agency_id, subject_ref, flag)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table case_flag`.execute(db);
}
