import { type Kysely, sql } from 'kysely';

/**
 * The victims' portal shows every notice as it was sent, so its words are kept, sealed, with the
 * delivery (older deliveries have none; the portal says so). A registrant may confirm urgent news
 * from the portal, signed in: its own source in the confirmation record. Someone who shares a
 * phone may choose brief notices ("there is an update, sign in to read it"): `detail`. Signing in
 * with a passkey starts before there is a session: its challenge waits here, briefly, once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table delivery add column subject_sealed text, add column text_sealed text`.execute(db);
  await sql`alter table registration add column detail text not null default 'full'
    check (detail in ('full', 'brief'))`.execute(db);
  await sql`create table passkey_sign_in_challenge (
    challenge text primary key,
    expires_at timestamptz not null
  )`.execute(db);
  await sql`alter table notification_confirmation drop constraint if exists notification_confirmation_confirmed_by_check`.execute(
    db,
  );
  await sql`alter table notification_confirmation add constraint notification_confirmation_confirmed_by_check
    check (confirmed_by in ('link', 'pin', 'coordinator', 'portal'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notification_confirmation drop constraint notification_confirmation_confirmed_by_check`.execute(
    db,
  );
  await sql`alter table notification_confirmation add constraint notification_confirmation_confirmed_by_check
    check (confirmed_by in ('link', 'pin', 'coordinator'))`.execute(db);
  await sql`drop table passkey_sign_in_challenge`.execute(db);
  await sql`alter table registration drop column detail`.execute(db);
  await sql`alter table delivery drop column subject_sealed, drop column text_sealed`.execute(db);
}
