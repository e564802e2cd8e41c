import type { AgencyDirectory } from '@switchboard/agencies';
import { type Db, recordClientAssertion } from '@switchboard/db';
import { CLIENT_ASSERTION_TYP } from '@switchboard/event-signature';
import { compactVerify, importJWK, type JWK } from 'jose';
import { ALGORITHM, checkTimes, inspectToken, requireClaims } from './jwt-shape';
import { Refusal } from './refusal';

/** Assertions are for one request: they live a few minutes at most, and each `jti` works once. */
export const MAX_ASSERTION_SECONDS = 300;

/**
 * An agency authenticates each API call with a short-lived JWT signed by a key it registered with
 * the hub (private_key_jwt, RFC 7523): iss = sub = the agency id, aud = the hub, a fresh `jti`.
 * Returns the agency id, or throws a Refusal saying what is wrong.
 */
export async function authenticateAgency(
  db: Db,
  agencies: AgencyDirectory,
  audience: string,
  assertion: unknown,
  now = Date.now(),
): Promise<{ agencyId: string; assertionId: string }> {
  const verified = await verifyClientAssertion(agencies, audience, assertion, now);
  if (!(await recordClientAssertion(db, verified))) throw replayedAssertion(verified.jti);
  return { agencyId: verified.agencyId, assertionId: verified.jti };
}

/** An assertion that checks out, not yet spent: the caller spends its `jti` (see `authenticateAgency`). */
export interface VerifiedAssertion {
  agencyId: string;
  jti: string;
  /** Kept until a minute past its `exp`; after that its `exp` alone refuses it. */
  expiresAt: Date;
}

export const replayedAssertion = (jti: string) =>
  new Refusal('replayed', `the client assertion was already used (jti ${jti})`);

/** Everything about an assertion but whether it was used before, which takes the database. */
export async function verifyClientAssertion(
  agencies: AgencyDirectory,
  audience: string,
  assertion: unknown,
  now = Date.now(),
): Promise<VerifiedAssertion> {
  const what = 'the client assertion';
  const { header, claims } = inspectToken(assertion, CLIENT_ASSERTION_TYP, what);
  requireClaims(claims, what, ['iss', 'sub', 'aud', 'jti', 'iat', 'exp']);
  const agencyId = claims.iss as string;
  if (claims.sub !== agencyId)
    throw new Refusal('malformed', `${what} "sub" must equal "iss" (the agency id)`);
  const known = await agencies.lookup(agencyId);
  const registered =
    known?.agency.status === 'active' ? known.keys.find((key) => key.kid === header.kid) : undefined;
  if (!registered) {
    // One answer for an unknown agency, a suspended one and a key it does not hold.
    throw new Refusal('unknown_key', `${what} is not signed by an active key registered for ${agencyId}`);
  }
  try {
    await compactVerify(assertion as string, await agencyKey(registered.kid, registered.publicJwk), {
      algorithms: [ALGORITHM],
    });
  } catch {
    throw new Refusal('bad_signature', `${what}'s signature does not verify`);
  }
  if (claims.aud !== audience) throw new Refusal('wrong_audience', `${what} "aud" must be ${audience}`);
  const nowSeconds = Math.floor(now / 1000);
  checkTimes(claims, what, nowSeconds);
  if ((claims.exp as number) - (claims.iat as number) > MAX_ASSERTION_SECONDS) {
    throw new Refusal('lifetime', `${what} may live at most ${MAX_ASSERTION_SECONDS} seconds (exp - iat)`);
  }
  return {
    agencyId,
    jti: String(claims.jti),
    expiresAt: new Date(((claims.exp as number) + 60) * 1000),
  };
}

type VerifyKey = Awaited<ReturnType<typeof importJWK>>;
const importedKeys = new Map<string, Promise<VerifyKey>>();

/** Imported once per key: the kid is the key's thumbprint, so it cannot name another key. */
function agencyKey(kid: string, jwk: JWK): Promise<VerifyKey> {
  let key = importedKeys.get(kid);
  if (!key) {
    key = importJWK(jwk, ALGORITHM);
    importedKeys.set(kid, key);
  }
  return key;
}
