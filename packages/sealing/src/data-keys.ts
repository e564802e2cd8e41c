import { createHmac, randomBytes, webcrypto } from 'node:crypto';
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
  /** Keys the blind indexes that let sealed values be looked up by equality (a phone number). */
  readonly indexKey: Uint8Array;
}

export class SealingError extends Error {
  override readonly name = 'SealingError';
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * `kid:base64url-32-bytes[,kid:…]`, the first one current, and the blind-index key (32 bytes,
 * base64url), which never rotates: the indexes made with it would all have to be rebuilt.
 */
export function parseDataKeys(spec: string | undefined, indexKeySpec: string | undefined): DataKeyring {
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
    const key = decodeKey(material);
    if (key.length !== 32) throw new SealingError(`DATA_KEYS key ${kid} must be 32 bytes (base64url)`);
    if (keys.has(kid)) throw new SealingError(`DATA_KEYS names key ${kid} twice`);
    keys.set(kid, key);
  }
  const current = spec.split(',')[0]!.trim().split(':')[0]!;
  if (!indexKeySpec) {
    throw new SealingError(
      'DATA_INDEX_KEY is not set: sealed contact points are found through it; generate one with `switchboard keys new-index-key`',
    );
  }
  const indexKey = decodeKey(indexKeySpec);
  if (indexKey.length !== 32) throw new SealingError('DATA_INDEX_KEY must be 32 bytes (base64url)');
  return { current, keys, indexKey };
}

function decodeKey(material: string): Uint8Array {
  try {
    return base64url.decode(material);
  } catch {
    return new Uint8Array();
  }
}

/** A new DATA_INDEX_KEY. */
export function newIndexKey(): string {
  return base64url.encode(randomBytes(32));
}

/**
 * An equality index for a sealed value: HMAC-SHA256 under the index key, so the database can find
 * a row by value without holding the value. Callers normalise first (E.164, lower-case email).
 */
export function blindIndex(keyring: DataKeyring, value: string): string {
  return createHmac('sha256', keyring.indexKey).update(value).digest('hex');
}

/** Whether a stored value is sealed (a compact JWE); anything else is plaintext awaiting `reseal`. */
export function isSealed(value: string): boolean {
  return value.split('.').length === 5 && value.startsWith('ey');
}

/** A new data key entry for DATA_KEYS, named by the date and a random suffix. */
export function newDataKey(now = new Date()): string {
  const kid = `dk-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  return `${kid}:${base64url.encode(randomBytes(32))}`;
}

export async function seal(keyring: DataKeyring, plaintext: string): Promise<string> {
  return sealBytes(keyring, new TextEncoder().encode(plaintext));
}

export async function sealBytes(keyring: DataKeyring, plaintext: Uint8Array): Promise<string> {
  const key = await wrappingKey(keyring.keys.get(keyring.current)!);
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: ALG, enc: ENC, kid: keyring.current })
    .encrypt(key);
}

const imported = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();

/** Each data key imported once: given raw bytes, jose would import them again for every value. */
function wrappingKey(raw: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = imported.get(raw);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', raw, 'AES-KW', false, ['wrapKey', 'unwrapKey']);
    imported.set(raw, key);
  }
  return key;
}

export async function open(keyring: DataKeyring, sealed: string): Promise<string> {
  return new TextDecoder().decode(await openBytes(keyring, sealed));
}

export async function openBytes(keyring: DataKeyring, sealed: string): Promise<Uint8Array> {
  if (!isSealed(sealed)) {
    throw new SealingError('a stored value is not sealed: run `switchboard keys reseal` to seal it');
  }
  const kid = sealedUnder(sealed);
  const key = keyring.keys.get(kid);
  if (!key) throw new SealingError(`sealed under data key ${kid}, which is not in DATA_KEYS`);
  const { plaintext } = await compactDecrypt(sealed, await wrappingKey(key), {
    keyManagementAlgorithms: [ALG],
    contentEncryptionAlgorithms: [ENC],
  });
  return plaintext;
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
