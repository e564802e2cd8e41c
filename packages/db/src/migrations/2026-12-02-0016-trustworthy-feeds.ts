import { type Kysely, sql } from 'kysely';

/**
 * Trustworthy feeds.
 * - Snapshots: an agency's declarative column mapping per feed (custody roster, court calendar);
 *   what its last snapshot said, one row per item; a staging table an import streams into before
 *   the diff; each import's counts and its rejected rows by line.
 * - Case events remember where they came from (a published event, a snapshot), whether a burst hold
 *   keeps them from victims, and whether a retraction withdrew them.
 * - Burst holds: a batch of one agency's urgent and high events waiting for a coordinator.
 * - One person across agencies: agency-scoped references grouped into people; matches on name and
 *   date of birth below the confidence threshold wait for a coordinator.
 * - Feed health: how often an agency's feed is expected to speak, and what it was last found to be.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('snapshot_mapping')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('feed', 'text', (c) => c.notNull().check(sql`feed in ('custody_roster', 'court_calendar')`))
    .addColumn('mapping', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('snapshot_mapping_pk', ['agency_id', 'feed'])
    .execute();
  await db.schema
    .createTable('snapshot_import')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('running').check(sql`status in ('running', 'done', 'failed')`),
    )
    .addColumn('baseline', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('events_emitted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('snapshot_import_latest')
    .on('snapshot_import')
    .columns(['agency_id', 'feed', 'finished_at'])
    .execute();
  await db.schema
    .createTable('snapshot_rejection')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('snapshot_import.id').onDelete('cascade'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshot_rejection_pk', ['import_id', 'line'])
    .execute();
  // What the agency's last snapshot said: identifiers, facilities, court dates — never names.
  await db.schema
    .createTable('snapshot_item')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('fields', 'jsonb', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshot_item_pk', ['agency_id', 'feed', 'item_key'])
    .execute();
  // Written and read once per import; unlogged, because a crash loses only an import that is rerun.
  await sql`create unlogged table snapshot_staging (
    import_id uuid not null,
    item_key text not null,
    line integer not null,
    subject_ref text not null,
    fields jsonb not null,
    digest text not null,
    primary key (import_id, item_key)
  )`.execute(db);

  await db.schema
    .createTable('burst_hold')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('held').check(sql`status in ('held', 'released', 'discarded')`),
    )
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await sql`create unique index burst_hold_one_open_per_agency on burst_hold (agency_id) where status = 'held'`.execute(
    db,
  );
  await db.schema
    .alterTable('case_event')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('urgency', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('hold_id', 'uuid', (c) => c.references('burst_hold.id'))
    .addColumn('retracted_by', 'uuid', (c) => c.references('case_event.id'))
    .execute();
  await db.schema
    .createIndex('case_event_by_agency_time')
    .on('case_event')
    .columns(['agency_id', 'received_at'])
    .execute();
  await sql`create index case_event_not_started on case_event (received_at) where workflow_started_at is null`.execute(
    db,
  );
  await db.schema.createIndex('case_event_by_hold').on('case_event').column('hold_id').execute();
  // Burst protection counts, per agency and minute, the urgent and high events let through, so the
  // check on every such event reads ten rows rather than counting ten minutes of events.
  await db.schema
    .createTable('burst_count')
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('minute', 'timestamptz', (c) => c.notNull())
    .addColumn('admitted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('burst_count_pk', ['agency_id', 'minute'])
    .execute();
  // …and the ones stored but not yet started (a snapshot's, all at once).
  await sql`create index case_event_pending_by_agency on case_event (agency_id)
            where workflow_started_at is null and hold_id is null`.execute(db);

  await db.schema
    .createTable('subject_person')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('subject_person_pk', ['agency_id', 'subject_ref'])
    .execute();
  await db.schema.createIndex('subject_person_by_person').on('subject_person').column('person_id').execute();
  await db.schema.createIndex('subject_person_by_ref').on('subject_person').column('subject_ref').execute();
  await db.schema
    .createTable('subject_match')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('other_agency_id', 'text', (c) => c.notNull())
    .addColumn('other_subject_ref', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'linked', 'rejected')`),
    )
    .addColumn('found_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addUniqueConstraint('subject_match_once', [
      'agency_id',
      'subject_ref',
      'other_agency_id',
      'other_subject_ref',
    ])
    .execute();

  await db.schema
    .alterTable('agency')
    .addColumn('heartbeat_seconds', 'integer', (c) => c.check(sql`heartbeat_seconds > 0`))
    .addColumn('feed_health', 'text', (c) =>
      c.notNull().defaultTo('unknown').check(sql`feed_health in ('unknown', 'healthy', 'unhealthy')`),
    )
    .addColumn('feed_health_since', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('agency')
    .dropColumn('heartbeat_seconds')
    .dropColumn('feed_health')
    .dropColumn('feed_health_since')
    .execute();
  await db.schema.dropTable('subject_match').execute();
  await db.schema.dropTable('subject_person').execute();
  await sql`drop index case_event_pending_by_agency`.execute(db);
  await db.schema.dropTable('burst_count').execute();
  await db.schema.dropIndex('case_event_by_hold').execute();
  await sql`drop index case_event_not_started`.execute(db);
  await db.schema.dropIndex('case_event_by_agency_time').execute();
  await db.schema
    .alterTable('case_event')
    .dropColumn('origin')
    .dropColumn('urgency')
    .dropColumn('hold_id')
    .dropColumn('retracted_by')
    .execute();
  await db.schema.dropTable('burst_hold').execute();
  await db.schema.dropTable('snapshot_staging').execute();
  await db.schema.dropTable('snapshot_item').execute();
  await db.schema.dropTable('snapshot_rejection').execute();
  await db.schema.dropTable('snapshot_import').execute();
  await db.schema.dropTable('snapshot_mapping').execute();
}
