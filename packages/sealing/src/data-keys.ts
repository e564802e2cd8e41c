import { randomBytes } from 'node:crypto';
import { base64url, CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';

/**
 * Envelope encryption for personal data at rest. Each value is a compact JWE: a fresh content key
 * (A256GCM) encrypts the value and is itself wrapped (A256KW) by a data key named in the header's
 * `kid`. Rotation: put a new key first in DATA_KEYS and keep the old ones after it; values sealed
 * under an old key still open, and new values use the new one. jose does the cryptography.
 */
const ALG = 'A256KW';
const ENC = 'A256GCM';

export interface DataKeyring {
  /** The key new values are sealed under. */
  readonly current: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

export class SealingError extends Error {
  override readonly name = 'SealingError';
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** `kid:base64url-32-bytes[,kid:…]`, the first one current. */
export function parseDataKeys(spec: string | undefined): DataKeyring {
  if (!spec) {
    throw new SealingError(
      'DATA_KEYS is not set: personal data is encrypted at rest; generate a key with `switchboard keys new-data-key`',
    );
  }
  const keys = new Map<string, Uint8Array>();
  for (const entry of spec.split(',')) {
    const [kid, material] = entry.trim().split(':');
    if (!kid || !KEY_ID.test(kid) || !material) {
      throw new SealingError('DATA_KEYS entries must read kid:key (kid of letters, digits, - or _)');
    }
    let key: Uint8Array;
    try {
      key = base64url.decode(material);
    } catch {
      key = new Uint8Array();
    }
    if (key.length !== 32) throw new SealingError(`DATA_KEYS key ${kid} must be 32 bytes (base64url)`);
    if (keys.has(kid)) throw new SealingError(`DATA_KEYS names key ${kid} twice`);
    keys.set(kid, key);
  }
  const current = spec.split(',')[0]!.trim().split(':')[0]!;
  return { current, keys };
}

/** A new data key entry for DATA_KEYS, named by the date and a random suffix. */
export function newDataKey(now = new Date()): string {
  const kid = `dk-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  return `${kid}:${base64url.encode(randomBytes(32))}`;
}

export async function seal(keyring: DataKeyring, plaintext: string): Promise<string> {
  const key = keyring.keys.get(keyring.current)!;
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: ALG, enc: ENC, kid: keyring.current })
    .encrypt(key);
}

export async function open(keyring: DataKeyring, sealed: string): Promise<string> {
  const kid = sealedUnder(sealed);
  const key = keyring.keys.get(kid);
  if (!key) throw new SealingError(`sealed under data key ${kid}, which is not in DATA_KEYS`);
  const { plaintext } = await compactDecrypt(sealed, key, {
    keyManagementAlgorithms: [ALG],
    contentEncryptionAlgorithms: [ENC],
  });
  return new TextDecoder().decode(plaintext);
}

/** The id of the data key a value was sealed under: what a rotation job looks for. */
export function sealedUnder(sealed: string): string {
  const { kid } = decodeProtectedHeader(sealed);
  if (typeof kid !== 'string') throw new SealingError('sealed value carries no key id');
  return kid;
}

export async function sealOptional(keyring: DataKeyring, value: string | null | undefined) {
  return value == null ? null : seal(keyring, value);
}

export async function openOptional(keyring: DataKeyring, sealed: string | null | undefined) {
  return sealed == null ? null : open(keyring, sealed);
}
