import { type Kysely, sql } from 'kysely';

/**
 * Victims' impact statements for parole reviews, sealed like every other personal detail; and the
 * links in their notices that let them write one (only a hash of each link's token is kept).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('impact_statement')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('registration_id', 'uuid', (c) =>
      c.notNull().references('registration.id').onDelete('cascade'),
    )
    .addColumn('review_workflow_id', 'text', (c) => c.notNull())
    .addColumn('statement_sealed', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    /** Set by the review's workflow while its window is open; a statement never accepted is removed. */
    .addColumn('accepted_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('impact_statement_by_review')
    .on('impact_statement')
    .columns(['review_workflow_id', 'registration_id'])
    .execute();
  await db.schema
    .createTable('statement_link')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'uuid', (c) =>
      c.notNull().references('registration.id').onDelete('cascade'),
    )
    .addColumn('review_workflow_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('statement_link').execute();
  await db.schema.dropTable('impact_statement').execute();
}
