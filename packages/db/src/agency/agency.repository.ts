import type { Db } from '../connect';
import type { Agency, AgencyKey, NewAgency } from '../schema';

export async function saveAgency(db: Db, agency: NewAgency): Promise<Agency> {
  const { id: _id, created_at: _created, ...changes } = agency;
  return db
    .insertInto('agency')
    .values(agency)
    .onConflict((oc) => oc.column('id').doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAgency(db: Db, id: string): Promise<Agency | undefined> {
  return db.selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAgencies(db: Db): Promise<Agency[]> {
  return db.selectFrom('agency').selectAll().orderBy('id').execute();
}

export async function setAgencyStatus(db: Db, id: string, status: 'active' | 'suspended'): Promise<boolean> {
  const result = await db.updateTable('agency').set({ status }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function addAgencyKey(
  db: Db,
  key: { agencyId: string; kid: string; publicJwk: Record<string, unknown> },
): Promise<AgencyKey> {
  return db
    .insertInto('agency_key')
    .values({ agency_id: key.agencyId, kid: key.kid, public_jwk: JSON.stringify(key.publicJwk) })
    .onConflict((oc) => oc.columns(['agency_id', 'kid']).doUpdateSet({ revoked_at: null }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function revokeAgencyKey(db: Db, agencyId: string, kid: string): Promise<boolean> {
  const result = await db
    .updateTable('agency_key')
    .set({ revoked_at: new Date() })
    .where('agency_id', '=', agencyId)
    .where('kid', '=', kid)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Keys that may sign right now: every registered key not revoked. */
export async function listActiveAgencyKeys(db: Db, agencyId: string): Promise<AgencyKey[]> {
  return db
    .selectFrom('agency_key')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function listAgencyKeys(db: Db, agencyId: string): Promise<AgencyKey[]> {
  return db
    .selectFrom('agency_key')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('created_at')
    .execute();
}

export async function setAgencyNatsUser(db: Db, id: string, publicNkey: string): Promise<boolean> {
  const result = await db
    .updateTable('agency')
    .set({ nats_user: publicNkey })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
