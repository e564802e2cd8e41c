import { type Kysely, sql } from 'kysely';

/**
 * The portal inbox: a channel whose messages stay in the hub, sealed, for the registrant to read
 * with their inbox key (its contact point's address, found by blind index). One message per delivery.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbox_message')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('delivery_id', 'uuid', (c) =>
      c.notNull().unique().references('delivery.id').onDelete('cascade'),
    )
    .addColumn('contact_point_id', 'uuid', (c) =>
      c.notNull().references('contact_point.id').onDelete('cascade'),
    )
    .addColumn('subject_sealed', 'text', (c) => c.notNull())
    .addColumn('body_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('inbox_message_by_contact_point')
    .on('inbox_message')
    .columns(['contact_point_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inbox_message').execute();
}
