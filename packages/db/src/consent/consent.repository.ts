import { type DataKeyring, open } from '@switchboard/sealing';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../connect';
import type { ConsentGrant, ConsentRegime, HubKey } from '../schema';

export interface NewConsentGrant {
  registrantId: string;
  recipientAgencyId: string;
  purpose: string;
  fields: string[];
  deniedFields: string[];
  caseRef: string;
  startsAt: Date;
  expiresAt: Date;
  regime: ConsentRegime;
  noticeHash: string;
  grantedBy: 'registrant' | 'advocate';
}

export async function saveConsentGrant(db: Db, grant: NewConsentGrant): Promise<ConsentGrant> {
  return db
    .insertInto('consent_grant')
    .values({
      registrant_id: grant.registrantId,
      recipient_agency_id: grant.recipientAgencyId,
      purpose: grant.purpose,
      fields: grant.fields,
      denied_fields: grant.deniedFields,
      case_ref: grant.caseRef,
      starts_at: grant.startsAt,
      expires_at: grant.expiresAt,
      regime: grant.regime,
      notice_hash: grant.noticeHash,
      granted_by: grant.grantedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findConsentGrant(db: Db, id: string): Promise<ConsentGrant | undefined> {
  return db.selectFrom('consent_grant').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every grant of a registrant, newest first; `current` leaves out revoked and expired ones. */
export async function listConsentGrants(
  db: Db,
  registrantId: string,
  options: { current?: boolean; now?: Date } = {},
): Promise<ConsentGrant[]> {
  let query = db.selectFrom('consent_grant').selectAll().where('registrant_id', '=', registrantId);
  if (options.current) {
    query = query.where('revoked_at', 'is', null).where('expires_at', '>', options.now ?? new Date());
  }
  return query.orderBy('created_at', 'desc').execute();
}

/** The grants addressed to an agency that are in force now (for issuing it fresh tokens). */
export async function listGrantsToAgency(
  db: Db,
  agencyId: string,
  now = new Date(),
): Promise<ConsentGrant[]> {
  return db
    .selectFrom('consent_grant')
    .selectAll()
    .where('recipient_agency_id', '=', agencyId)
    .where('revoked_at', 'is', null)
    .where('starts_at', '<=', now)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
}

/**
 * Every grant ever given on a case, with what a disclosure needs of its registrant: the grants a
 * case event is weighed against before it is forwarded (in force or not, so a refusal is recorded).
 */
export async function listGrantsOnCase(db: Db, caseRef: string) {
  return grantsWithRegistrant(db)
    .where('consent_grant.case_ref', '=', caseRef)
    .orderBy('consent_grant.created_at')
    .execute();
}

/**
 * Records the decision on one forward, once: false when it was already decided (a retry), in which
 * case nothing is audited again.
 */
export async function decideForward(
  db: Db,
  forward: { caseEventId: string; consentId: string; agencyId: string; outcome: 'allowed' | 'refused' },
): Promise<boolean> {
  const inserted = await db
    .insertInto('case_event_forward')
    .values({
      case_event_id: forward.caseEventId,
      consent_id: forward.consentId,
      agency_id: forward.agencyId,
      outcome: forward.outcome,
    })
    .onConflict((oc) => oc.columns(['case_event_id', 'consent_id']).doNothing())
    .returning('consent_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Forwards allowed for a case event that the agencies' feeds have not taken yet. */
export async function listUnpublishedForwards(db: Db, caseEventId: string) {
  return db
    .selectFrom('case_event_forward')
    .select(['consent_id', 'agency_id'])
    .where('case_event_id', '=', caseEventId)
    .where('outcome', '=', 'allowed')
    .where('published_at', 'is', null)
    .execute();
}

export async function markForwardPublished(db: Db, caseEventId: string, consentId: string): Promise<void> {
  await db
    .updateTable('case_event_forward')
    .set({ published_at: new Date() })
    .where('case_event_id', '=', caseEventId)
    .where('consent_id', '=', consentId)
    .execute();
}

/** True when this call revoked it; false when it was unknown or already revoked. */
export async function revokeConsentGrant(db: Db, id: string, at = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('consent_grant')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markExpiryReminded(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('consent_grant')
    .set({ expiry_reminded_at: new Date() })
    .where('id', '=', id)
    .where('expiry_reminded_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function saveHubKey(
  db: Db,
  key: { kid: string; publicJwk: Record<string, unknown>; privateJwkSealed: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('hub_key')
      .set({ retired_at: new Date() })
      .where('retired_at', 'is', null)
      .execute();
    await trx
      .insertInto('hub_key')
      .values({
        kid: key.kid,
        public_jwk: JSON.stringify(key.publicJwk),
        private_jwk_sealed: key.privateJwkSealed,
      })
      .execute();
  });
}

/** The key that signs now: the newest unretired one. */
export async function findSigningHubKey(db: Db): Promise<HubKey | undefined> {
  return db
    .selectFrom('hub_key')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Keys that still verify: the signing one, and retired ones whose tokens may still be alive. */
export async function listVerifyingHubKeys(db: Db, retiredSince: Date): Promise<HubKey[]> {
  return db
    .selectFrom('hub_key')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredSince)]))
    .orderBy('created_at', 'desc')
    .execute();
}

/** False when this agency already used this assertion id: a replay. */
export async function recordClientAssertion(
  db: Db,
  assertion: { agencyId: string; jti: string; expiresAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('client_assertion')
    .values({ agency_id: assertion.agencyId, jti: assertion.jti, expires_at: assertion.expiresAt })
    .onConflict((oc) => oc.columns(['agency_id', 'jti']).doNothing())
    .returning('jti')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Expired assertions can no longer be replayed (their `exp` refuses them); forget them. */
export async function forgetExpiredClientAssertions(db: Db, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('client_assertion').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function saveRegistrantDetail(
  db: Db,
  detail: { registrantId: string; field: string; valueSealed: string; heldBy: ConsentRegime | 'hub' },
): Promise<void> {
  await db
    .insertInto('registrant_detail')
    .values({
      registrant_id: detail.registrantId,
      field: detail.field,
      value_sealed: detail.valueSealed,
      held_by: detail.heldBy,
    })
    .onConflict((oc) =>
      oc.columns(['registrant_id', 'field']).doUpdateSet({
        value_sealed: detail.valueSealed,
        held_by: detail.heldBy,
        recorded_at: new Date(),
      }),
    )
    .execute();
}

export async function setAddressConfidential(db: Db, registrantId: string, confidential: boolean) {
  const result = await db
    .updateTable('registrant')
    .set({ address_confidential: confidential })
    .where('id', '=', registrantId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * A grant with what a disclosure may draw on besides the sealed details, in one read; used only
 * inside a consent check.
 */
export async function findGrantWithRegistrant(db: Db, consentId: string) {
  return grantsWithRegistrant(db).where('consent_grant.id', '=', consentId).executeTakeFirst();
}

/** Grants with what a disclosure needs of their registrant, details (sealed) included: one round trip. */
function grantsWithRegistrant(db: Db) {
  return db
    .selectFrom('consent_grant')
    .innerJoin('registrant', 'registrant.id', 'consent_grant.registrant_id')
    .selectAll('consent_grant')
    .select(['registrant.display_name', 'registrant.language', 'registrant.address_confidential'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('registrant_detail')
          .select(['field', 'value_sealed', 'held_by'])
          .whereRef('registrant_detail.registrant_id', '=', 'consent_grant.registrant_id'),
      ).as('details'),
    );
}

/** A registrant's verified contact points that are in use: personal data, for a disclosure only. */
export async function listContactPointsForDisclosure(db: Db, keyring: DataKeyring, registrantId: string) {
  const rows = await db
    .selectFrom('contact_point')
    .select(['channel', 'address'])
    .where('registrant_id', '=', registrantId)
    // A portal inbox's address is the key that opens it: a way in, not a way to reach someone.
    .where('channel', '!=', 'portal')
    .where('verified_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return Promise.all(
    rows.map(async (row) => ({ channel: row.channel, address: await open(keyring, row.address) })),
  );
}

/** The latest event on a case: its status, as far as the hub knows it. */
export async function findLatestCaseEvent(db: Db, caseRef: string) {
  return db
    .selectFrom('case_event')
    .select(['type', 'occurred_at', 'agency_id'])
    .where('subject_ref', '=', caseRef)
    .where('superseded_by', 'is', null)
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function registrantExists(db: Db, registrantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('registrant')
    .select('id')
    .where('id', '=', registrantId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The registrant's verified email, for a notice about their own consent. */
export async function findRegistrantEmail(db: Db, keyring: DataKeyring, registrantId: string) {
  const row = await db
    .selectFrom('contact_point')
    .innerJoin('registrant', 'registrant.id', 'contact_point.registrant_id')
    .select(['contact_point.address', 'registrant.display_name as displayName', 'registrant.language'])
    .where('contact_point.registrant_id', '=', registrantId)
    .where('contact_point.channel', '=', 'email')
    .where('contact_point.verified_at', 'is not', null)
    .where('contact_point.disabled_at', 'is', null)
    .executeTakeFirst();
  return (
    row && {
      ...row,
      address: await open(keyring, row.address),
      displayName: await open(keyring, row.displayName),
    }
  );
}

export async function hasAuditRecord(db: Db, consentId: string, action: string): Promise<boolean> {
  const row = await db
    .selectFrom('audit_record')
    .select('seq')
    .where('consent_id', '=', consentId)
    .where('action', '=', action)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
