import { type Kysely, sql } from 'kysely';

/**
 * A registration reaches its registrant on several channels, in the order they prefer (email,
 * sms, voice, webhook, portal); a voice contact point keeps the hash of the PIN that stops an urgent
 * call repeating. Each registrant has one registration per subject.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('registration')
    .addColumn('channels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await sql`update registration set channels = array[channel]`.execute(db);
  await db.schema.alterTable('registration').dropConstraint('registration_once_per_channel').execute();
  await db.schema.alterTable('registration').dropColumn('channel').execute();
  await db.schema
    .alterTable('registration')
    .addUniqueConstraint('registration_once_per_subject', ['registrant_id', 'subject_ref'])
    .execute();
  await sql`alter table registration add constraint registration_has_channels check (cardinality(channels) > 0)`.execute(
    db,
  );
  await db.schema.alterTable('contact_point').addColumn('pin_hash', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contact_point').dropColumn('pin_hash').execute();
  await db.schema.alterTable('registration').dropConstraint('registration_has_channels').execute();
  await db.schema.alterTable('registration').dropConstraint('registration_once_per_subject').execute();
  await db.schema.alterTable('registration').addColumn('channel', 'text').execute();
  await sql`update registration set channel = channels[1]`.execute(db);
  await db.schema.alterTable('registration').dropColumn('channels').execute();
  await db.schema
    .alterTable('registration')
    .addUniqueConstraint('registration_once_per_channel', ['registrant_id', 'subject_ref', 'channel'])
    .execute();
}
