import {
  base64url,
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';

/**
 * Agencies sign the exact bytes of each CloudEvent with their Ed25519 key. The signature is a
 * detached compact JWS (`<protected header>..<signature>`, RFC 7515 appendix F) carried beside the
 * body, in a NATS header or an HTTP header of this name, so the body stays a plain CloudEvent.
 */
export const SIGNATURE_HEADER = 'Switchboard-Signature';
export const SIGNATURE_TYP = 'switchboard-event+jws';
const ALG = 'EdDSA';

export interface AgencyKeyPair {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export interface PublicAgencyKey {
  kid: string;
  publicJwk: JWK;
}

/** A new Ed25519 key pair; its key id is the RFC 7638 thumbprint of the public key. */
export async function generateAgencyKey(): Promise<AgencyKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const tag = { kid, alg: ALG, use: 'sig' };
  return {
    kid,
    publicJwk: { ...publicJwk, ...tag },
    privateJwk: { ...(await exportJWK(privateKey)), ...tag },
  };
}

/** Checks a public JWK an agency brings itself, and gives it its key id. */
export async function publicKeyFromJwk(jwk: JWK): Promise<PublicAgencyKey> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('the key must be an Ed25519 public JWK (kty OKP, crv Ed25519, with x)');
  }
  if ('d' in jwk) throw new Error('that is a private key; register only the public part (drop "d")');
  await importJWK(jwk, ALG); // throws on a malformed key
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' } };
}

export async function signEvent(
  body: string | Uint8Array,
  key: { kid: string; privateJwk: JWK },
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, ALG);
  const jws = await new CompactSign(toBytes(body))
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: SIGNATURE_TYP })
    .sign(await privateKey);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

export type SignatureCheck =
  | { ok: true; kid: string }
  | { ok: false; code: 'missing_signature' | 'bad_signature' | 'unknown_key'; message: string };

type VerifyKey = Awaited<ReturnType<typeof importJWK>>;
const importedKeys = new Map<string, Promise<VerifyKey>>();

/** Verifies against the agency's current (unrevoked) keys; anything but EdDSA is refused. */
export async function verifyEventSignature(
  body: string | Uint8Array,
  signature: string | undefined,
  keys: readonly PublicAgencyKey[],
): Promise<SignatureCheck> {
  if (!signature) {
    return {
      ok: false,
      code: 'missing_signature',
      message: `event is not signed: send a ${SIGNATURE_HEADER} header`,
    };
  }
  const parts = signature.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) {
    return bad(`${SIGNATURE_HEADER} must be a detached compact JWS: <protected header>..<signature>`);
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(signature);
  } catch {
    return bad('the signature header is not valid base64url JSON');
  }
  if (header.alg !== ALG) return bad(`signature algorithm must be ${ALG}, not ${String(header.alg)}`);
  if (typeof header.kid !== 'string') return bad('the signature header has no kid');
  const key = keys.find((k) => k.kid === header.kid);
  if (!key) {
    return {
      ok: false,
      code: 'unknown_key',
      message: `key id ${header.kid} is not an active key of this agency (never registered, or revoked)`,
    };
  }
  let imported = importedKeys.get(key.kid);
  if (!imported) {
    imported = importJWK(key.publicJwk, ALG);
    importedKeys.set(key.kid, imported);
  }
  try {
    await compactVerify(`${parts[0]}.${base64url.encode(toBytes(body))}.${parts[2]}`, await imported, {
      algorithms: [ALG],
    });
  } catch {
    return bad(`signature does not match the event body for key ${key.kid}`);
  }
  return { ok: true, kid: key.kid };
}

function bad(message: string): SignatureCheck {
  return { ok: false, code: 'bad_signature', message };
}

function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}
