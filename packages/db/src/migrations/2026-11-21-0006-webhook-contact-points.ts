import type { Kysely } from 'kysely';

/**
 * Webhook contact points (an advocate's case system): the endpoint is the address, the secret
 * signs what is sent to it, and an endpoint that keeps failing is disabled rather than retried forever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('contact_point')
    .addColumn('secret', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('contact_point')
    .dropColumn('secret')
    .dropColumn('consecutive_failures')
    .dropColumn('disabled_at')
    .execute();
}
