import { type Kysely, sql } from 'kysely';

// Migrations are never edited once landed; a change is a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agency')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('registrant')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('registration')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('registrant_id', 'uuid', (c) => c.notNull().references('registrant.id').onDelete('cascade'))
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('registration_once_per_channel', ['registrant_id', 'subject_ref', 'channel'])
    .execute();
  await db.schema
    .createIndex('registration_by_subject')
    .on('registration')
    .columns(['subject_ref'])
    .execute();

  await db.schema
    .createTable('case_event')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data_version', 'integer', (c) => c.notNull())
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('workflow_started_at', 'timestamptz')
    // The idempotency key: however often an agency sends an event id, it is stored once.
    .addUniqueConstraint('case_event_once_per_agency', ['agency_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('case_event_by_subject')
    .on('case_event')
    .columns(['subject_ref', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('delivery')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_event_id', 'uuid', (c) => c.notNull().references('case_event.id'))
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registration.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending', 'sent')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    // One notification per event, registration and channel: not zero times, not twice.
    .addUniqueConstraint('delivery_once_per_channel', ['case_event_id', 'registration_id', 'channel'])
    .execute();

  await db.schema
    .createTable('event_rejection')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('event_rejection_by_agency')
    .on('event_rejection')
    .columns(['agency_id', 'received_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['event_rejection', 'delivery', 'case_event', 'registration', 'registrant', 'agency']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
