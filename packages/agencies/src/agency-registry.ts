import { type BusNames, createNatsUser, type NatsConnection, type NatsUser } from '@switchboard/bus';
import {
  type Agency,
  addAgencyKey,
  type Db,
  findAgency,
  listActiveAgencyKeys,
  revokeAgencyKey,
  saveAgency,
  setAgencyNatsUser,
  setAgencyStatus,
} from '@switchboard/db';
import { generateAgencyKey, type PublicAgencyKey, publicKeyFromJwk } from '@switchboard/event-signature';
import { agencyId, agencyKind } from '@switchboard/events';
import type { JWK } from 'jose';
import { z } from 'zod';

export interface RegistryDeps {
  db: Db;
  /** When given, every change is announced so running ingest processes drop their cached copy. */
  bus?: { nc: NatsConnection; names: BusNames };
}

export const newAgencyInput = z.object({
  id: agencyId,
  name: z.string().trim().min(2).max(200),
  kind: agencyKind,
  jurisdiction: z.string().trim().max(200).default(''),
  /** The agency's office contact, for the hub's operators. */
  contact: z.string().trim().max(200).default(''),
  /** An Ed25519 public JWK the agency generated itself; without one the hub generates a key pair. */
  publicJwk: z.record(z.string(), z.unknown()).optional(),
});
export type NewAgencyInput = z.input<typeof newAgencyInput>;

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly code: 'agency_exists' | 'unknown_agency' | 'unknown_key' | 'bad_key',
    message: string,
  ) {
    super(message);
  }
}

export interface IssuedKey {
  kid: string;
  publicJwk: JWK;
  /** Only when the hub generated the pair: shown once, never stored by the hub. */
  privateJwk?: JWK;
}

export async function onboardAgency(
  deps: RegistryDeps,
  input: NewAgencyInput,
): Promise<{ agency: Agency; key: IssuedKey }> {
  const { publicJwk, ...fields } = newAgencyInput.parse(input);
  if (await findAgency(deps.db, fields.id)) {
    throw new RegistryError('agency_exists', `agency ${fields.id} already exists; add a key to it instead`);
  }
  const key = await issueKey(publicJwk);
  const agency = await deps.db.transaction().execute(async (trx) => {
    const saved = await saveAgency(trx, { ...fields, status: 'active' });
    await addAgencyKey(trx, { agencyId: saved.id, kid: key.kid, publicJwk: key.publicJwk });
    return saved;
  });
  announce(deps, agency.id);
  return { agency, key };
}

/** Rotation: add the new key, move publishers over, then revoke the old one. Both work meanwhile. */
export async function addKey(
  deps: RegistryDeps,
  id: string,
  publicJwk?: Record<string, unknown>,
): Promise<IssuedKey> {
  await requireAgency(deps.db, id);
  const key = await issueKey(publicJwk);
  await addAgencyKey(deps.db, { agencyId: id, kid: key.kid, publicJwk: key.publicJwk });
  announce(deps, id);
  return key;
}

export async function revokeKey(deps: RegistryDeps, id: string, kid: string): Promise<void> {
  await requireAgency(deps.db, id);
  if (!(await revokeAgencyKey(deps.db, id, kid))) {
    throw new RegistryError('unknown_key', `agency ${id} has no active key ${kid}`);
  }
  announce(deps, id);
}

export async function setStatus(
  deps: RegistryDeps,
  id: string,
  status: 'active' | 'suspended',
): Promise<void> {
  if (!(await setAgencyStatus(deps.db, id, status))) {
    throw new RegistryError('unknown_agency', `agency ${id} is not registered`);
  }
  announce(deps, id);
}

/** A NATS user for the agency: the hub keeps the public key, the agency gets the seed, once. */
export async function issueNatsUser(deps: RegistryDeps, id: string): Promise<NatsUser> {
  await requireAgency(deps.db, id);
  const user = createNatsUser();
  await setAgencyNatsUser(deps.db, id, user.publicKey);
  return user;
}

/** The agency's active public keys as a JWKS, for anyone who wants to verify its events. */
export async function agencyJwks(db: Db, id: string): Promise<{ keys: JWK[] }> {
  await requireAgency(db, id);
  return { keys: (await listActiveAgencyKeys(db, id)).map((k) => k.public_jwk as JWK) };
}

async function issueKey(publicJwk: Record<string, unknown> | undefined): Promise<IssuedKey> {
  if (!publicJwk) return generateAgencyKey();
  try {
    const key: PublicAgencyKey = await publicKeyFromJwk(publicJwk as JWK);
    return key;
  } catch (error) {
    throw new RegistryError('bad_key', (error as Error).message);
  }
}

async function requireAgency(db: Db, id: string): Promise<Agency> {
  const agency = await findAgency(db, id);
  if (!agency) throw new RegistryError('unknown_agency', `agency ${id} is not registered`);
  return agency;
}

function announce(deps: RegistryDeps, id: string): void {
  deps.bus?.nc.publish(deps.bus.names.agencyChanged, id);
}
