import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('agency')
    .addColumn('jurisdiction', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'suspended')`),
    )
    .execute();

  // An agency may hold several keys at once: that is how it rotates without downtime.
  await db.schema
    .createTable('agency_key')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id').onDelete('cascade'))
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addPrimaryKeyConstraint('agency_key_pk', ['agency_id', 'kid'])
    .execute();

  // Set when a later event (by event time) about the same subject and family was already stored.
  await db.schema
    .alterTable('case_event')
    .addColumn('superseded_by', 'uuid', (c) => c.references('case_event.id'))
    .addColumn('family', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update case_event set family = split_part(type, '.', 1)`.execute(db);
  await db.schema
    .createIndex('case_event_by_subject_family')
    .on('case_event')
    .columns(['subject_ref', 'family', 'occurred_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_event').dropColumn('superseded_by').dropColumn('family').execute();
  await db.schema.dropTable('agency_key').execute();
  await db.schema
    .alterTable('agency')
    .dropColumn('jurisdiction')
    .dropColumn('contact')
    .dropColumn('status')
    .execute();
}
