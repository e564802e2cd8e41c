import { type Kysely, sql } from 'kysely';

/**
 * A victim's referral to a community advocate or a programme (compensation, legal help,
 * counselling, shelter), made under a consent to that agency; acknowledged by it; its status the
 * victim can see. Only the kind of help asked for: the agency sees what the consent lets it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table referral (
    id uuid primary key default gen_random_uuid(),
    registration_id uuid not null references registration(id),
    agency_id text not null references agency(id),
    consent_id uuid not null references consent_grant(id),
    help text not null check (help in ('compensation', 'legal_aid', 'counselling', 'shelter', 'advocacy')),
    state text not null default 'sent' check (state in ('sent', 'acknowledged', 'closed')),
    sent_at timestamptz not null default now(),
    acknowledged_at timestamptz,
    closed_at timestamptz
  )`.execute(db);
  await sql`create index referral_by_agency on referral (agency_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table referral`.execute(db);
}
