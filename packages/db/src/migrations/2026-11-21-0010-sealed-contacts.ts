import { type Kysely, sql } from 'kysely';

/**
 * Names, addresses and webhook secrets are stored sealed (see @switchboard/sealing). Lookups by
 * value go through blind indexes: an inbound text's number, an advocate's email. Rows written
 * before this are sealed, and indexed, by `switchboard keys reseal`, which the start script runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contact_point').addColumn('address_index', 'text').execute();
  await db.schema
    .createIndex('contact_point_by_address_index')
    .on('contact_point')
    .columns(['channel', 'address_index'])
    .execute();
  await db.schema.alterTable('advocate').addColumn('email_index', 'text').execute();
  await sql`alter table advocate drop constraint advocate_email_key`.execute(db);
  await db.schema
    .alterTable('advocate')
    .addUniqueConstraint('advocate_email_index_key', ['email_index'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('advocate').dropConstraint('advocate_email_index_key').execute();
  await db.schema.alterTable('advocate').dropColumn('email_index').execute();
  await sql`alter table advocate add constraint advocate_email_key unique (email)`.execute(db);
  await db.schema.dropIndex('contact_point_by_address_index').execute();
  await db.schema.alterTable('contact_point').dropColumn('address_index').execute();
}
