import { type Db, findSigningHubKey, listVerifyingHubKeys, saveHubKey } from '@switchboard/db';
import { type DataKeyring, open, seal } from '@switchboard/sealing';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ALGORITHM } from './jwt-shape';

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface HubKeysOptions {
  db: Db;
  keyring: DataKeyring;
  /** The longest a consent token lives: a retired key keeps verifying this long after rotation. */
  tokenTtlSeconds: number;
  /** How long a loaded key set is trusted before the database is asked again. */
  refreshSeconds?: number;
}

/**
 * The hub's consent-signing keys (Ed25519), kept in PostgreSQL with the private half sealed.
 * Rotation adds a key and retires the old one, which still verifies until every token it signed
 * has expired, so live tokens survive a rotation. Every process reads the same set.
 */
export class HubKeys {
  private signing?: Promise<{ kid: string; key: Key }>;
  private verifying?: { at: number; keys: Map<string, Promise<Key>>; jwks: JWK[] };

  constructor(private readonly options: HubKeysOptions) {}

  /** A new signing key; the current one is retired. */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = `hub-${(await calculateJwkThumbprint(publicJwk)).slice(0, 16)}`;
    const tag = { kid, alg: ALGORITHM, use: 'sig' };
    await saveHubKey(this.options.db, {
      kid,
      publicJwk: { ...publicJwk, ...tag },
      privateJwkSealed: await seal(
        this.options.keyring,
        JSON.stringify({ ...(await exportJWK(privateKey)), ...tag }),
      ),
    });
    this.forget();
    return kid;
  }

  /** The key tokens are signed with now; the first call on an empty hub creates one. */
  async signingKey(): Promise<{ kid: string; key: Key }> {
    this.signing ??= this.loadSigningKey().catch((error) => {
      this.signing = undefined;
      throw error;
    });
    return this.signing;
  }

  /** The public keys that verify consent tokens: what /.well-known/jwks.json publishes. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.verifyingKeys()).jwks };
  }

  /** The verifying key with this id, or undefined; an unknown id reloads the set once. */
  async verifyingKey(kid: string): Promise<Key | undefined> {
    let set = await this.verifyingKeys();
    if (!set.keys.has(kid) && Date.now() - set.at > 1000) set = await this.verifyingKeys(true);
    return set.keys.get(kid);
  }

  forget(): void {
    this.signing = undefined;
    this.verifying = undefined;
  }

  private async loadSigningKey(): Promise<{ kid: string; key: Key }> {
    let row = await findSigningHubKey(this.options.db);
    if (!row) {
      await this.rotate();
      row = await findSigningHubKey(this.options.db);
    }
    if (!row) throw new Error('no hub signing key could be created');
    const jwk = JSON.parse(await open(this.options.keyring, row.private_jwk_sealed)) as JWK;
    return { kid: row.kid, key: await importJWK(jwk, ALGORITHM) };
  }

  private async verifyingKeys(reload = false) {
    const refreshMs = (this.options.refreshSeconds ?? 30) * 1000;
    if (!reload && this.verifying && Date.now() - this.verifying.at < refreshMs) return this.verifying;
    const rows = await listVerifyingHubKeys(
      this.options.db,
      new Date(Date.now() - this.options.tokenTtlSeconds * 1000),
    );
    const previous = this.verifying?.keys;
    const keys = new Map<string, Promise<Key>>();
    for (const row of rows) {
      keys.set(row.kid, previous?.get(row.kid) ?? importJWK(row.public_jwk as JWK, ALGORITHM));
    }
    this.verifying = { at: Date.now(), keys, jwks: rows.map((row) => row.public_jwk as JWK) };
    return this.verifying;
  }
}
