import type { AgencyDirectory } from '@switchboard/agencies';
import {
  type AuditEntry,
  appendAuditRecord,
  type ConsentGrant,
  type Db,
  findGrantWithRegistrant,
  findLatestCaseEvent,
  listContactPointsForDisclosure,
  spendAssertionWithAudit,
} from '@switchboard/db';
import { CLIENT_ASSERTION_TYP } from '@switchboard/event-signature';
import { type DataKeyring, open } from '@switchboard/sealing';
import { replayedAssertion, type VerifiedAssertion, verifyClientAssertion } from './client-assertion';
import { type ConsentField, consentFields } from './consent-grant';
import { CONSENT_TOKEN_TYP, type ConsentTokenSettings, verifyConsentToken } from './consent-token';
import { inspectToken } from './jwt-shape';
import { Refusal } from './refusal';

export interface DisclosureDeps {
  db: Db;
  agencies: AgencyDirectory;
  keyring: DataKeyring;
  tokens: Pick<ConsentTokenSettings, 'hubKeys' | 'issuer'>;
}

export interface DisclosureRequest {
  /** The agency's client assertion (the bearer token of the request). */
  assertion: unknown;
  consentToken: unknown;
  /** Which granted fields the agency wants; all the grant allows when left out. */
  fields?: unknown;
}

export interface Disclosure {
  consentId: string;
  purpose: string;
  expiresAt: string;
  fields: Partial<Record<ConsentField, unknown>>;
}

/** Details sealed in registrant_detail, by field. */
const DETAIL_FIELDS = new Set<string>(['address', 'impact_statement', 'safety_concerns', 'service_needs']);

/**
 * An agency reads what a registrant let it see: authenticated by its client assertion, carrying a
 * consent token addressed to it, for a grant in force at this moment (checked in the database, so a
 * revocation counts from the next read), and only fields that grant names. Allowed or refused,
 * every read is audited.
 *
 * Two round trips to the database: the grant with its details, then one statement that spends the
 * assertion's `jti` and appends the audit record together (a replayed assertion is audited as such
 * and gets nothing). The grant the token names is read while both signatures are checked, and used
 * only once they have verified; sealed fields are opened side by side.
 */
export async function discloseToAgency(
  deps: DisclosureDeps,
  request: DisclosureRequest,
): Promise<Disclosure> {
  let assertion: VerifiedAssertion | undefined;
  const audit = { actor: 'unauthenticated', action: 'disclosure.read' } as {
    actor: string;
    action: string;
    consentId?: string | null;
    tokenId?: string | null;
    fields?: string[];
  };
  const claimed = claimedConsentId(request.consentToken);
  const grantRead = claimed ? findGrantWithRegistrant(deps.db, claimed) : Promise.resolve(undefined);
  grantRead.catch(() => undefined); // awaited below unless a signature fails first
  try {
    const [verifiedAssertion, verifiedToken] = await Promise.allSettled([
      verifyClientAssertion(deps.agencies, deps.tokens.issuer, request.assertion),
      // Verified against the agency the assertion names; what is checked after it still decides.
      verifyConsentToken(deps.tokens, request.consentToken, assertedAgency(request.assertion)),
    ]);
    if (verifiedAssertion.status === 'rejected') throw verifiedAssertion.reason;
    assertion = verifiedAssertion.value;
    audit.actor = assertion.agencyId;
    if (verifiedToken.status === 'rejected') throw verifiedToken.reason;
    const claims = verifiedToken.value;
    audit.consentId = isUuid(claims.consentId) ? claims.consentId : null;
    audit.tokenId = claims.tokenId;
    const grant = inForce(claims.consentId === claimed ? await grantRead : undefined, assertion.agencyId);
    audit.fields = requestedFields(request.fields, grant);
    const { details, withheld } = detailsUnder(grant, audit.fields as ConsentField[]);
    if (withheld.length > 0) throw heldByCommunityAdvocate(withheld[0]!);
    // Recorded while the values are opened: a record may name a read that then failed on our side,
    // never the reverse.
    const [fields] = await Promise.all([
      gather(deps, grant, details, audit.fields as ConsentField[]),
      spend(deps.db, assertion, { ...audit, outcome: 'allowed', reason: grant.purpose }),
    ]);
    return {
      consentId: grant.id,
      purpose: grant.purpose,
      expiresAt: grant.expires_at.toISOString(),
      fields,
    };
  } catch (error) {
    if (!(error instanceof Refusal) || error.code === 'replayed') throw error;
    const refused = { ...audit, outcome: 'refused' as const, reason: `${error.code}: ${error.message}` };
    if (assertion) await spend(deps.db, assertion, refused);
    else await appendAuditRecord(deps.db, refused);
    throw error;
  }
}

/** The grant a consent token names, read before it is verified: only ever used after. */
function claimedConsentId(token: unknown): string | undefined {
  try {
    const { sub } = inspectToken(token, CONSENT_TOKEN_TYP, 'the consent token').claims;
    return typeof sub === 'string' && isUuid(sub) ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** The agency an assertion claims to come from (its `iss`); its verification decides if it does. */
function assertedAgency(assertion: unknown): string {
  try {
    const { iss } = inspectToken(assertion, CLIENT_ASSERTION_TYP, 'the client assertion').claims;
    return typeof iss === 'string' ? iss : '';
  } catch {
    return '';
  }
}

/** Spends the assertion and writes `entry`; a replay is audited as one instead, and refused. */
async function spend(db: Db, assertion: VerifiedAssertion, entry: AuditEntry): Promise<void> {
  const replayed = replayedAssertion(assertion.jti);
  const { fresh } = await spendAssertionWithAudit(db, assertion, entry, {
    actor: 'unauthenticated',
    action: entry.action,
    outcome: 'refused',
    reason: `${replayed.code}: ${replayed.message}`,
  });
  if (!fresh) throw replayed;
}

/** The grant behind a token, if it is in force now and addressed to this agency. */
function inForce(
  grant: GrantWithRegistrant | undefined,
  agencyId: string,
  now = new Date(),
): GrantWithRegistrant {
  if (
    !grant ||
    grant.recipient_agency_id !== agencyId ||
    grant.revoked_at ||
    grant.starts_at > now ||
    grant.expires_at <= now
  ) {
    // One answer for revoked, expired, not started and unknown: nothing about who is behind it.
    throw new Refusal(
      'not_in_force',
      'the consent this token carries is not in force (revoked, expired or not started)',
    );
  }
  return grant;
}

export type GrantWithRegistrant = NonNullable<Awaited<ReturnType<typeof findGrantWithRegistrant>>>;

function requestedFields(raw: unknown, grant: ConsentGrant): string[] {
  if (raw === undefined) return grant.fields;
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((f) => typeof f === 'string')) {
    throw new Refusal('malformed', '"fields" must be a non-empty list of field names');
  }
  for (const field of raw as string[]) {
    if (!(consentFields as readonly string[]).includes(field)) {
      throw new Refusal('malformed', `"${field}" is not a field; fields are ${consentFields.join(', ')}`);
    }
    if (!grant.fields.includes(field) || grant.denied_fields.includes(field)) {
      throw new Refusal('field_not_granted', `the consent does not grant "${field}"`);
    }
  }
  return [...new Set(raw as string[])];
}

/** The values of the granted fields, the stored ones opened from `details` (see `detailsUnder`). */
async function gather(
  deps: Pick<DisclosureDeps, 'db' | 'keyring'>,
  grant: GrantWithRegistrant,
  details: GrantWithRegistrant['details'],
  fields: readonly ConsentField[],
): Promise<Disclosure['fields']> {
  const out: Disclosure['fields'] = {};
  const value = async (field: ConsentField): Promise<unknown> => {
    switch (field) {
      case 'name':
        return open(deps.keyring, grant.display_name);
      case 'language':
        return grant.language;
      case 'contact_channels':
        return (await listContactPointsForDisclosure(deps.db, deps.keyring, grant.registrant_id)).map(
          (c) => ({
            channel: c.channel,
            address: c.address,
          }),
        );
      case 'case_status': {
        const latest = await findLatestCaseEvent(deps.db, grant.case_ref);
        return latest
          ? {
              caseRef: grant.case_ref,
              lastEvent: latest.type,
              at: latest.occurred_at.toISOString(),
              agencyId: latest.agency_id,
            }
          : { caseRef: grant.case_ref, lastEvent: null };
      }
      default: {
        const key = field === 'address' && grant.address_confidential ? 'substitute_address' : field;
        const detail = details.find((d) => d.field === key);
        return detail ? open(deps.keyring, detail.value_sealed) : null;
      }
    }
  };
  const values = await Promise.all(fields.map(value));
  fields.forEach((field, i) => {
    out[field] = values[i];
  });
  return out;
}

/**
 * The stored (sealed) details behind the requested fields, and the fields this grant may not
 * release because a community advocate holds them and the grant was not given in that regime: the
 * caller refuses (a read) or leaves them out (a forward).
 */
export function detailsUnder(grant: GrantWithRegistrant, requested: readonly ConsentField[]) {
  // An address-confidentiality participant's real address is never read, only the substitute.
  const stored = new Set<string>(
    requested
      .filter((f) => DETAIL_FIELDS.has(f))
      .map((f) => (f === 'address' && grant.address_confidential ? 'substitute_address' : f)),
  );
  const details = grant.details.filter((d) => stored.has(d.field));
  const withheld = details
    .filter((d) => d.held_by === 'community_advocate' && grant.regime !== 'community_advocate')
    .map((d) => (d.field === 'substitute_address' ? 'address' : d.field) as ConsentField);
  return { details, withheld };
}

function heldByCommunityAdvocate(field: ConsentField): Refusal {
  return new Refusal(
    'regime',
    `"${field}" is held by a community advocate: it is released only under a consent given in that regime`,
  );
}

function isUuid(value: string | null): value is string {
  return value !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
