import type { Db } from '../connect';
import type { Agency, NewAgency } from '../schema';

export async function saveAgency(db: Db, agency: NewAgency): Promise<Agency> {
  return db
    .insertInto('agency')
    .values(agency)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: agency.name, kind: agency.kind }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAgency(db: Db, id: string): Promise<Agency | undefined> {
  return db.selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirst();
}
