import { type Kysely, sql } from 'kysely';

/**
 * A registration names the agency whose reference it follows: the jail's booking 12345 is not the
 * court's case 12345. Rows already there take the agency that evidence names: the one agency that
 * published events for the reference, else the one that described it in the subject directory.
 * A row with no such evidence keeps a null agency and is matched by reference alone, as before,
 * until it is re-registered (the migration cannot know which agency a victim meant).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table registration add column agency_id text references agency(id)`.execute(db);
  await sql`update registration r set agency_id = sole.agency_id
    from (select subject_ref, min(agency_id) as agency_id from case_event
          group by subject_ref having count(distinct agency_id) = 1) sole
    where sole.subject_ref = r.subject_ref`.execute(db);
  await sql`update registration r set agency_id = sole.agency_id
    from (select subject_ref, min(agency_id) as agency_id from subject_identity
          group by subject_ref having count(distinct agency_id) = 1) sole
    where sole.subject_ref = r.subject_ref and r.agency_id is null`.execute(db);
  await sql`alter table registration drop constraint registration_once_per_subject`.execute(db);
  await sql`alter table registration add constraint registration_once_per_subject
    unique nulls not distinct (registrant_id, agency_id, subject_ref)`.execute(db);
  await sql`create index registration_by_agency_ref on registration (agency_id, subject_ref) where status = 'active'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index registration_by_agency_ref`.execute(db);
  await sql`alter table registration drop constraint registration_once_per_subject`.execute(db);
  await sql`alter table registration add constraint registration_once_per_subject unique (registrant_id, subject_ref)`.execute(
    db,
  );
  await sql`alter table registration drop column agency_id`.execute(db);
}
