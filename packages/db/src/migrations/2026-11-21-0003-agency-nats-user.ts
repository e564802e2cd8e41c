import type { Kysely } from 'kysely';

/** The public NKey an agency's NATS connection authenticates with; the seed stays with the agency. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agency').addColumn('nats_user', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agency').dropColumn('nats_user').execute();
}
