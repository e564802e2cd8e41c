import type { Kysely } from 'kysely';

/** SMS: delivery receipts from the provider, and wrong confirmation PINs counted per phone. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('delivery').addColumn('provider_status', 'text').execute();
  await db.schema
    .alterTable('contact_point')
    .addColumn('wrong_pins', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('delivery').dropColumn('provider_status').execute();
  await db.schema.alterTable('contact_point').dropColumn('wrong_pins').execute();
}
