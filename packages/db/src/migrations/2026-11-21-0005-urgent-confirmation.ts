import { type Kysely, sql } from 'kysely';

/**
 * Urgent news is repeated until the registrant confirms it, then escalated to their advocate and
 * the coordinators' desk. Deliveries gain a round (one row per repetition) and a notice (the event,
 * or a reminder before a hearing); confirmations and the
 * links that carry them get tables of their own; registrations may name an advocate and shape the
 * repetition schedule.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('advocate')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .alterTable('registration')
    .addColumn('advocate_id', 'uuid', (c) => c.references('advocate.id'))
    // Null: the hub's default schedule (every 30 minutes for 24 hours unless configured otherwise).
    .addColumn('repeat_every_minutes', 'integer', (c) => c.check(sql`repeat_every_minutes between 5 and 240`))
    .addColumn('repeat_for_hours', 'integer', (c) => c.check(sql`repeat_for_hours between 1 and 72`))
    .execute();

  await db.schema
    .alterTable('delivery')
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    // What the message was: the event itself, a reminder before a hearing (`reminder-168h`), …
    .addColumn('notice', 'text', (c) => c.notNull().defaultTo('event'))
    .execute();
  await db.schema.alterTable('delivery').dropConstraint('delivery_once_per_channel').execute();
  await db.schema
    .alterTable('delivery')
    .addUniqueConstraint('delivery_once_per_notice_channel_and_round', [
      'case_event_id',
      'registration_id',
      'channel',
      'notice',
      'round',
    ])
    .execute();

  await db.schema
    .createTable('notification_confirmation')
    .addColumn('case_event_id', 'uuid', (c) => c.notNull().references('case_event.id'))
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registration.id'))
    .addColumn('confirmed_by', 'text', (c) =>
      c.notNull().check(sql`confirmed_by in ('link', 'pin', 'coordinator')`),
    )
    .addColumn('confirmed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('notification_confirmation_pk', ['case_event_id', 'registration_id'])
    .execute();
  // Only a hash is kept: the token itself exists in the message sent and nowhere else.
  await db.schema
    .createTable('confirmation_link')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('case_event_id', 'uuid', (c) => c.notNull().references('case_event.id'))
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registration.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('confirmation_link').execute();
  await db.schema.dropTable('notification_confirmation').execute();
  await db.schema
    .alterTable('delivery')
    .dropConstraint('delivery_once_per_notice_channel_and_round')
    .execute();
  await sql`delete from delivery where round <> 1 or notice <> 'event'`.execute(db);
  await db.schema.alterTable('delivery').dropColumn('round').dropColumn('notice').execute();
  await db.schema
    .alterTable('delivery')
    .addUniqueConstraint('delivery_once_per_channel', ['case_event_id', 'registration_id', 'channel'])
    .execute();
  await db.schema
    .alterTable('registration')
    .dropColumn('advocate_id')
    .dropColumn('repeat_every_minutes')
    .dropColumn('repeat_for_hours')
    .execute();
  await db.schema.dropTable('advocate').execute();
}
