import { type Kysely, sql } from 'kysely';

/**
 * The subject directory: who an agency's reference is, so a victim can find the reference by the
 * name and date of birth they know. Name and date of birth are sealed; the two blind indexes (family
 * name + given name + date of birth, and family name + date of birth) are what a search matches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('subject_identity')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('name_sealed', 'text', (c) => c.notNull())
    .addColumn('birth_date_sealed', 'text', (c) => c.notNull())
    .addColumn('full_index', 'text', (c) => c.notNull())
    .addColumn('family_index', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('subject_identity_pk', ['agency_id', 'subject_ref'])
    .execute();
  await db.schema
    .createIndex('subject_identity_by_full')
    .on('subject_identity')
    .column('full_index')
    .execute();
  await db.schema
    .createIndex('subject_identity_by_family')
    .on('subject_identity')
    .column('family_index')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('subject_identity').execute();
}
