import {
  appendAuditRecord,
  type ConsentGrant,
  type Db,
  findAgency,
  findConsentGrant,
  listConsentGrants,
  registrantExists,
  revokeConsentGrant,
  saveConsentGrant,
} from '@switchboard/db';
import { z } from 'zod';

/** What a consent can cover. A grant names them one by one; what is not named is not disclosed. */
export const consentFields = [
  'name',
  'language',
  'contact_channels',
  'address',
  'case_status',
  'impact_statement',
  'safety_concerns',
  'service_needs',
] as const;
export type ConsentField = (typeof consentFields)[number];

export const consentPurposes = [
  'victim_notification',
  'victim_services',
  'safety_planning',
  'prosecution',
  'parole_review',
  'compensation',
  'restitution',
] as const;

export const consentRegimes = ['community_advocate', 'systems_advocate', 'law_enforcement'] as const;

const field = z.enum(consentFields);

export const consentGrantInput = z
  .object({
    registrantId: z.uuid(),
    /** Exactly one agency; a consent never names a group. */
    recipientAgencyId: z.string().min(1).max(64),
    purpose: z.enum(consentPurposes),
    fields: z.array(field).min(1, 'a consent grants at least one field').max(consentFields.length),
    deniedFields: z.array(field).max(consentFields.length).default([]),
    caseRef: z.string().trim().min(1).max(128),
    startsAt: z.coerce.date().optional(),
    expiresAt: z.coerce.date(),
    /** The regime of whoever holds the data: it decides what the consent must be to release it. */
    regime: z.enum(consentRegimes),
    /** SHA-256 (hex) of the notice the victim was shown: informed consent, to the word. */
    noticeHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the notice, in lower-case hex'),
    grantedBy: z.enum(['registrant', 'advocate']).default('registrant'),
  })
  .refine((input) => input.fields.every((f) => !input.deniedFields.includes(f)), {
    message: 'a field cannot be both granted and denied',
    path: ['deniedFields'],
  });
export type ConsentGrantInput = z.input<typeof consentGrantInput>;

export class ConsentError extends Error {
  override readonly name = 'ConsentError';
  constructor(
    readonly code: 'unknown_registrant' | 'unknown_agency' | 'unknown_consent' | 'policy',
    message: string,
  ) {
    super(message);
  }
}

export interface ConsentPolicy {
  /** The longest a consent may run; past it the victim is asked again. */
  maxDays: number;
}

/** Records a grant and audits it. The start defaults to now; the expiry is always required. */
export async function grantConsent(
  db: Db,
  policy: ConsentPolicy,
  raw: ConsentGrantInput,
  now = new Date(),
): Promise<ConsentGrant> {
  const input = consentGrantInput.parse(raw);
  const startsAt = input.startsAt ?? now;
  if (input.expiresAt <= startsAt)
    throw new ConsentError('policy', 'the consent must expire after it starts');
  if (input.expiresAt <= now) throw new ConsentError('policy', 'the consent would already have expired');
  const longest = startsAt.getTime() + policy.maxDays * 86_400_000;
  if (input.expiresAt.getTime() > longest) {
    throw new ConsentError(
      'policy',
      `a consent may run at most ${policy.maxDays} days; expire it by ${new Date(longest).toISOString()}`,
    );
  }
  if (!(await registrantExists(db, input.registrantId))) {
    throw new ConsentError('unknown_registrant', `no registrant ${input.registrantId}`);
  }
  const agency = await findAgency(db, input.recipientAgencyId);
  if (!agency)
    throw new ConsentError('unknown_agency', `agency ${input.recipientAgencyId} is not registered`);
  const grant = await saveConsentGrant(db, {
    ...input,
    startsAt,
    fields: unique(input.fields),
    deniedFields: unique(input.deniedFields),
  });
  await appendAuditRecord(db, {
    actor: input.grantedBy,
    action: 'consent.grant',
    consentId: grant.id,
    fields: grant.fields,
    outcome: 'recorded',
    reason: `to ${grant.recipient_agency_id} for ${grant.purpose} until ${grant.expires_at.toISOString()}`,
  });
  return grant;
}

/** Takes effect at once: every check reads the grant, whatever tokens are still about. */
export async function revokeConsent(db: Db, consentId: string, by: 'registrant' | 'advocate'): Promise<void> {
  const grant = await findConsentGrant(db, consentId);
  if (!grant) throw new ConsentError('unknown_consent', `no consent ${consentId}`);
  if (await revokeConsentGrant(db, consentId)) {
    await appendAuditRecord(db, { actor: by, action: 'consent.revoke', consentId, outcome: 'recorded' });
  }
}

export interface ConsentSummary {
  consentId: string;
  agencyId: string;
  agencyName: string;
  purpose: string;
  caseRef: string;
  fields: string[];
  deniedFields: string[];
  startsAt: string;
  expiresAt: string;
  state: 'in_force' | 'not_started' | 'expired' | 'revoked';
  revokedAt: string | null;
}

/** Who can see what about this registrant, and until when: every grant, in force first. */
export async function whoCanSee(db: Db, registrantId: string, now = new Date()): Promise<ConsentSummary[]> {
  const grants = await listConsentGrants(db, registrantId);
  const names = new Map<string, string>();
  const summaries: ConsentSummary[] = [];
  for (const grant of grants) {
    if (!names.has(grant.recipient_agency_id)) {
      names.set(grant.recipient_agency_id, (await findAgency(db, grant.recipient_agency_id))?.name ?? '');
    }
    summaries.push({
      consentId: grant.id,
      agencyId: grant.recipient_agency_id,
      agencyName: names.get(grant.recipient_agency_id)!,
      purpose: grant.purpose,
      caseRef: grant.case_ref,
      fields: grant.fields,
      deniedFields: grant.denied_fields,
      startsAt: grant.starts_at.toISOString(),
      expiresAt: grant.expires_at.toISOString(),
      state: consentState(grant, now),
      revokedAt: grant.revoked_at?.toISOString() ?? null,
    });
  }
  const order = { in_force: 0, not_started: 1, expired: 2, revoked: 3 };
  return summaries.sort((a, b) => order[a.state] - order[b.state]);
}

export function consentState(grant: ConsentGrant, now = new Date()): ConsentSummary['state'] {
  if (grant.revoked_at) return 'revoked';
  if (grant.expires_at <= now) return 'expired';
  if (grant.starts_at > now) return 'not_started';
  return 'in_force';
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
