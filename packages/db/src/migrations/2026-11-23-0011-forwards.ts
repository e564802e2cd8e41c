import { type Kysely, sql } from 'kysely';

/**
 * One row per case event and consent it was weighed against: whether it was forwarded to the
 * consent's agency or refused, and when the agency's feed took it. Makes forwarding idempotent (a
 * retried activity neither audits twice nor publishes what the feed already has).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_event_forward')
    .addColumn('case_event_id', 'uuid', (c) => c.notNull().references('case_event.id').onDelete('cascade'))
    .addColumn('consent_id', 'uuid', (c) => c.notNull().references('consent_grant.id').onDelete('cascade'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('allowed', 'refused')`))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addPrimaryKeyConstraint('case_event_forward_pk', ['case_event_id', 'consent_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_event_forward').execute();
}
