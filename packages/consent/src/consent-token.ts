import { randomUUID } from 'node:crypto';
import { appendAuditRecord, type ConsentGrant, type Db } from '@switchboard/db';
import { compactVerify, SignJWT } from 'jose';
import type { HubKeys } from './hub-keys';
import { ALGORITHM, checkTimes, inspectToken, requireClaims } from './jwt-shape';
import { Refusal } from './refusal';

export const CONSENT_TOKEN_TYP = 'switchboard-consent+jwt';

export interface ConsentTokenSettings {
  hubKeys: HubKeys;
  /** The hub's issuer identifier (its public URL). */
  issuer: string;
  tokenTtlSeconds: number;
}

/** What a verified consent token says. It names the grant, not the registrant. */
export interface ConsentTokenClaims {
  consentId: string;
  agencyId: string;
  tokenId: string;
  purpose: string;
  fields: string[];
  expiresAt: Date;
}

/**
 * A consent token for one grant, addressed to its one recipient agency. It lives no longer than
 * the grant or the token life, whichever ends first; revocation is checked on every use anyway.
 */
export async function issueConsentToken(
  db: Db,
  settings: ConsentTokenSettings,
  grant: ConsentGrant,
  actor: string,
  now = new Date(),
): Promise<{ token: string; tokenId: string; expiresAt: Date }> {
  const { kid, key } = await settings.hubKeys.signingKey();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = Math.min(
    Math.floor(grant.expires_at.getTime() / 1000),
    issuedAt + settings.tokenTtlSeconds,
  );
  const tokenId = randomUUID();
  const token = await new SignJWT({ purpose: grant.purpose, fields: grant.fields, case: grant.case_ref })
    .setProtectedHeader({ alg: ALGORITHM, kid, typ: CONSENT_TOKEN_TYP })
    .setIssuer(settings.issuer)
    .setAudience(grant.recipient_agency_id)
    .setSubject(grant.id)
    .setJti(tokenId)
    .setIssuedAt(issuedAt)
    .setNotBefore(Math.max(issuedAt, Math.floor(grant.starts_at.getTime() / 1000)))
    .setExpirationTime(expiresAt)
    .sign(key);
  await appendAuditRecord(db, {
    actor,
    action: 'consent.token',
    consentId: grant.id,
    tokenId,
    fields: grant.fields,
    outcome: 'allowed',
    reason: `addressed to ${grant.recipient_agency_id}`,
  });
  return { token, tokenId, expiresAt: new Date(expiresAt * 1000) };
}

/**
 * Checks a consent token presented by `agencyId`: shape, algorithm, typ, the hub's own key, the
 * signature, every required claim, issuer, a single-string audience naming that agency, and time.
 * Whether the grant is still in force is the disclosure's check, made against the database.
 */
export async function verifyConsentToken(
  settings: Pick<ConsentTokenSettings, 'hubKeys' | 'issuer'>,
  token: unknown,
  agencyId: string,
  now = Date.now(),
): Promise<ConsentTokenClaims> {
  const what = 'the consent token';
  const { header, claims } = inspectToken(token, CONSENT_TOKEN_TYP, what);
  const key = await settings.hubKeys.verifyingKey(header.kid as string);
  if (!key) throw new Refusal('unknown_key', `${what} names a key (kid) the hub does not hold`);
  try {
    await compactVerify(token as string, key, { algorithms: [ALGORITHM] });
  } catch {
    throw new Refusal('bad_signature', `${what}'s signature does not verify`);
  }
  requireClaims(claims, what, ['iss', 'aud', 'sub', 'jti', 'iat', 'nbf', 'exp']);
  if (claims.iss !== settings.issuer) throw new Refusal('wrong_issuer', `${what} was not issued by this hub`);
  if (claims.aud !== agencyId) throw new Refusal('wrong_audience', `${what} is addressed to another agency`);
  checkTimes(claims, what, Math.floor(now / 1000));
  if (!Array.isArray(claims.fields) || !claims.fields.every((f) => typeof f === 'string')) {
    throw new Refusal('malformed', `${what} "fields" must be a list of field names`);
  }
  return {
    consentId: claims.sub as string,
    agencyId,
    tokenId: claims.jti as string,
    purpose: String(claims.purpose),
    fields: claims.fields as string[],
    expiresAt: new Date((claims.exp as number) * 1000),
  };
}
