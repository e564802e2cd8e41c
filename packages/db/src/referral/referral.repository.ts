import type { Db } from '../connect';

export interface Referral {
  id: string;
  registrationId: string;
  agencyId: string;
  consentId: string;
  help: string;
  state: 'sent' | 'acknowledged' | 'closed';
  sentAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
}

const columns = [
  'referral.id',
  'referral.registration_id',
  'referral.agency_id',
  'referral.consent_id',
  'referral.help',
  'referral.state',
  'referral.sent_at',
  'referral.acknowledged_at',
  'referral.closed_at',
] as const;

type Row = {
  id: string;
  registration_id: string;
  agency_id: string;
  consent_id: string;
  help: string;
  state: string;
  sent_at: Date;
  acknowledged_at: Date | null;
  closed_at: Date | null;
};
const toReferral = (r: Row): Referral => ({
  id: r.id,
  registrationId: r.registration_id,
  agencyId: r.agency_id,
  consentId: r.consent_id,
  help: r.help,
  state: r.state as Referral['state'],
  sentAt: r.sent_at,
  acknowledgedAt: r.acknowledged_at,
  closedAt: r.closed_at,
});

export async function saveReferral(
  db: Db,
  referral: { registrationId: string; agencyId: string; consentId: string; help: string },
): Promise<Referral> {
  const row = await db
    .insertInto('referral')
    .values({
      registration_id: referral.registrationId,
      agency_id: referral.agencyId,
      consent_id: referral.consentId,
      help: referral.help,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReferral(row);
}

export async function listReferralsOfRegistrant(db: Db, registrantId: string): Promise<Referral[]> {
  const rows = await db
    .selectFrom('referral')
    .innerJoin('registration', 'registration.id', 'referral.registration_id')
    .select(columns)
    .where('registration.registrant_id', '=', registrantId)
    .orderBy('referral.sent_at', 'desc')
    .execute();
  return rows.map(toReferral);
}

export async function listReferralsToAgency(db: Db, agencyId: string): Promise<Referral[]> {
  const rows = await db
    .selectFrom('referral')
    .select(columns)
    .where('referral.agency_id', '=', agencyId)
    .orderBy('referral.sent_at', 'desc')
    .execute();
  return rows.map(toReferral);
}

/** The agency moves its own referral on: acknowledged, then closed. False when it cannot. */
export async function moveReferral(
  db: Db,
  agencyId: string,
  id: string,
  to: 'acknowledged' | 'closed',
): Promise<boolean> {
  const from = to === 'acknowledged' ? ['sent'] : ['sent', 'acknowledged'];
  const result = await db
    .updateTable('referral')
    .set(
      to === 'acknowledged'
        ? { state: to, acknowledged_at: new Date() }
        : { state: to, closed_at: new Date() },
    )
    .where('id', '=', id)
    .where('agency_id', '=', agencyId)
    .where('state', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
