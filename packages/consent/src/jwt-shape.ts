import { base64url } from 'jose';
import { Refusal } from './refusal';

/** Larger tokens are refused unread: no legitimate consent token or assertion comes near it. */
export const MAX_TOKEN_BYTES = 8 * 1024;
export const ALGORITHM = 'EdDSA';

/** Headers that would let a token name its own key, or fetch one: never honoured, always refused. */
const KEY_BEARING_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256'] as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface TokenShape {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/**
 * Checks what can be checked before any key is looked up: size, three base64url parts, header and
 * claims valid UTF-8 JSON objects, the one allowed algorithm, the expected `typ`, no key-bearing
 * headers. jose then checks the signature; this gives each refusal its own reason first.
 */
export function inspectToken(token: unknown, expectedTyp: string, what: string): TokenShape {
  if (typeof token !== 'string' || token.length === 0) throw new Refusal('malformed', `${what} is missing`);
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) {
    throw new Refusal('too_large', `${what} is larger than ${MAX_TOKEN_BYTES} bytes`);
  }
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    throw new Refusal('malformed', `${what} is not a compact JWS (three base64url parts)`);
  }
  const header = jsonObject(parts[0]!, `${what} header`);
  const claims = jsonObject(parts[1]!, `${what} claims`);
  if (header.alg !== ALGORITHM) {
    throw new Refusal('algorithm', `${what} must be signed with ${ALGORITHM}, not ${String(header.alg)}`);
  }
  if (header.typ !== expectedTyp) {
    throw new Refusal(
      'wrong_type',
      `${what} must have typ "${expectedTyp}", not ${header.typ === undefined ? 'none' : `"${String(header.typ)}"`}`,
    );
  }
  const embedded = KEY_BEARING_HEADERS.filter((name) => name in header);
  if (embedded.length > 0) {
    throw new Refusal(
      'embedded_key',
      `${what} carries ${embedded.join(', ')}: keys are never taken from a token`,
    );
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0) {
    throw new Refusal('unknown_key', `${what} names no key (kid)`);
  }
  if (parts[2]!.length === 0) throw new Refusal('bad_signature', `${what} has no signature`);
  return { header, claims };
}

function jsonObject(part: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(base64url.decode(part));
  } catch {
    throw new Refusal(
      'malformed',
      `${what} are not valid base64url UTF-8`.replace('header are', 'header is'),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Refusal('malformed', `${what} are not valid JSON`.replace('header are', 'header is'));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal('malformed', `${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Required registered claims, each of the right type. */
export function requireClaims(claims: Record<string, unknown>, what: string, names: readonly string[]): void {
  for (const name of names) {
    const value = claims[name];
    if (value === undefined) throw new Refusal('missing_claim', `${what} has no "${name}" claim`);
    const numeric = name === 'exp' || name === 'iat' || name === 'nbf';
    if (numeric ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string') {
      if (name === 'aud') throw new Refusal('wrong_audience', `${what} "aud" must be a single string`);
      throw new Refusal(
        'malformed',
        `${what} "${name}" must be a ${numeric ? 'number (seconds)' : 'string'}`,
      );
    }
  }
}

/** exp, nbf and iat against the clock, with a little leeway for clocks that drift. */
export function checkTimes(claims: Record<string, unknown>, what: string, now: number, leeway = 30): void {
  const exp = claims.exp as number | undefined;
  const nbf = claims.nbf as number | undefined;
  const iat = claims.iat as number | undefined;
  if (exp !== undefined && exp <= now - leeway) throw new Refusal('expired', `${what} has expired`);
  if (nbf !== undefined && nbf > now + leeway)
    throw new Refusal('not_yet_valid', `${what} is not valid yet (nbf)`);
  if (iat !== undefined && iat > now + leeway)
    throw new Refusal('not_yet_valid', `${what} was issued in the future (iat)`);
}
