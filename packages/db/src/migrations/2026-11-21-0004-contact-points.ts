import { type Kysely, sql } from 'kysely';

/**
 * Contact points get a table of their own, each verified before anything but its code is sent to
 * it; registrations get a status (active, paused, ended) and a choice of event families.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contact_point')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('registrant_id', 'uuid', (c) => c.notNull().references('registrant.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'timestamptz')
    .addColumn('code_hash', 'text')
    .addColumn('code_expires_at', 'timestamptz')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('contact_point_once_per_channel', ['registrant_id', 'channel'])
    .execute();
  // Registrants from before this migration were registered by hand (demo, operators): verified.
  await sql`insert into contact_point (registrant_id, channel, address, verified_at)
            select id, 'email', email, now() from registrant`.execute(db);
  await db.schema.alterTable('registrant').dropColumn('email').execute();
  await db.schema
    .alterTable('registrant')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('quiet_hours_start', 'text')
    .addColumn('quiet_hours_end', 'text')
    .execute();

  await db.schema
    .alterTable('registration')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'paused', 'ended')`),
    )
    // Empty means every family.
    .addColumn('families', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await sql`update registration set status = case when active then 'active' else 'ended' end`.execute(db);
  await db.schema.alterTable('registration').dropColumn('active').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('registration')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await sql`update registration set active = (status = 'active')`.execute(db);
  await db.schema.alterTable('registration').dropColumn('status').dropColumn('families').execute();
  await db.schema
    .alterTable('registrant')
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update registrant r set email = c.address from contact_point c
            where c.registrant_id = r.id and c.channel = 'email'`.execute(db);
  await db.schema
    .alterTable('registrant')
    .dropColumn('time_zone')
    .dropColumn('quiet_hours_start')
    .dropColumn('quiet_hours_end')
    .execute();
  await db.schema.dropTable('contact_point').execute();
}
