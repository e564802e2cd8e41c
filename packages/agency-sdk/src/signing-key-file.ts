import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
}

const privateJwk = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  d: z.string(),
  x: z.string(),
  kid: z.string(),
});

/** A private key as the hub's onboarding prints it: one Ed25519 JWK with its kid. */
export async function readSigningKey(path: string): Promise<SigningKey> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read a signing key from ${path}: ${(error as Error).message}`);
  }
  const parsed = privateJwk.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not an Ed25519 private JWK with a kid`);
  return { kid: parsed.data.kid, privateJwk: parsed.data as JWK };
}

export async function writeSigningKey(path: string, jwk: JWK): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
}
