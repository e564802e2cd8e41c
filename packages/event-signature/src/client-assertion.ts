import { randomUUID } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';

/** The media type of draft-ietf-oauth-rfc7523bis: an assertion cannot pass for any other JWT. */
export const CLIENT_ASSERTION_TYP = 'client-authentication+jwt';

/**
 * What an agency sends as the bearer token of each API call (private_key_jwt, RFC 7523): signed
 * with its registered Ed25519 key, iss = sub = its id, aud = the hub's public URL, a fresh jti,
 * and a life of a minute. The hub accepts each jti once.
 */
export async function signClientAssertion(options: {
  agencyId: string;
  key: { kid: string; privateJwk: JWK };
  /** The hub's public URL, exactly as the hub knows it. */
  audience: string;
  lifetimeSeconds?: number;
}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: options.key.kid, typ: CLIENT_ASSERTION_TYP })
    .setIssuer(options.agencyId)
    .setSubject(options.agencyId)
    .setAudience(options.audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (options.lifetimeSeconds ?? 60))
    .sign(await importJWK(options.key.privateJwk, 'EdDSA'));
}
