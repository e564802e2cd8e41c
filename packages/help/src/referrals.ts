import {
  appendAuditRecord,
  type Db,
  findAgency,
  findConsentGrant,
  findRegistrationRecord,
  type Referral,
  saveReferral,
} from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { z } from 'zod';

export const referralHelp = ['compensation', 'legal_aid', 'counselling', 'shelter', 'advocacy'] as const;

export const referralInput = z.object({
  registrationId: z.uuid(),
  agencyId,
  /** The victim's consent in force to that agency, letting it see at least how to reach them. */
  consentId: z.uuid(),
  help: z.enum(referralHelp),
});

/** Who a referral may go to: the agencies whose work this is. */
const referralKinds = ['community_advocate', 'compensation_programme'];

export class ReferralRefused extends Error {
  override readonly name = 'ReferralRefused';
  constructor(
    readonly code: 'not_found' | 'policy',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The victim sends themselves to an advocate or a programme. Refused, audited and nothing kept
 * unless the registration is theirs, the agency takes referrals, and a consent of theirs in force
 * lets that agency see how to reach them: a referral carries nothing the victim did not consent to.
 */
export async function sendReferral(
  db: Db,
  actor: string,
  registrantId: string,
  input: z.input<typeof referralInput>,
): Promise<Referral> {
  const request = referralInput.parse(input);
  try {
    const registration = await findRegistrationRecord(db, request.registrationId);
    if (!registration || registration.registrant_id !== registrantId)
      throw new ReferralRefused('not_found', 'no such registration of yours');
    const agency = await findAgency(db, request.agencyId);
    if (!agency || !referralKinds.includes(agency.kind) || agency.status !== 'active')
      throw new ReferralRefused(
        'policy',
        `${request.agencyId} does not take referrals (a community advocate or a programme does)`,
      );
    const consent = await findConsentGrant(db, request.consentId);
    const now = new Date();
    if (
      !consent ||
      consent.registrant_id !== registrantId ||
      consent.recipient_agency_id !== agency.id ||
      consent.revoked_at ||
      consent.starts_at > now ||
      consent.expires_at <= now ||
      !consent.fields.includes('contact_channels')
    )
      throw new ReferralRefused(
        'policy',
        'a referral needs your consent in force letting that agency reach you (contact_channels)',
      );
  } catch (error) {
    if (error instanceof ReferralRefused)
      await appendAuditRecord(db, {
        actor,
        action: 'referral.send',
        outcome: 'refused',
        reason: `registration ${request.registrationId} to ${request.agencyId}: ${error.message}`,
      });
    throw error;
  }
  const referral = await saveReferral(db, request);
  await appendAuditRecord(db, {
    actor,
    action: 'referral.send',
    consentId: request.consentId,
    outcome: 'recorded',
    reason: `referral ${referral.id}: ${request.help} to ${request.agencyId}`,
  });
  return referral;
}
