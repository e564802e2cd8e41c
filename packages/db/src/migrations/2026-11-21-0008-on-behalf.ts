import { type Kysely, sql } from 'kysely';

/**
 * An advocate may register a victim, never without the victim's agreement: who registered, and
 * when and how the victim agreed, are kept with the registration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('registration')
    .addColumn('registered_by', 'text', (c) =>
      c.notNull().defaultTo('registrant').check(sql`registered_by in ('registrant', 'advocate')`),
    )
    .addColumn('agreement_obtained_at', 'timestamptz')
    .addColumn('agreement_method', 'text', (c) =>
      c.check(sql`agreement_method in ('in_person', 'phone', 'written', 'video')`),
    )
    .execute();
  await sql`alter table registration add constraint registration_on_behalf_has_agreement
            check (registered_by = 'registrant' or (agreement_obtained_at is not null and agreement_method is not null))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table registration drop constraint registration_on_behalf_has_agreement`.execute(db);
  await db.schema
    .alterTable('registration')
    .dropColumn('registered_by')
    .dropColumn('agreement_obtained_at')
    .dropColumn('agreement_method')
    .execute();
}
