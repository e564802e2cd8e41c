import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import {
  type Db,
  findPendingVerification,
  markContactPointVerified,
  recordFailedVerification,
  spendVerificationCode,
} from '@switchboard/db';

export const CODE_LIFETIME_MS = 15 * 60 * 1000;
/** After this many wrong codes the code is dead; the registrant asks for a new one. */
export const MAX_FAILED_ATTEMPTS = 5;

export function newVerificationCode(contactPointId: string): { code: string; hash: string; expiresAt: Date } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return { code, hash: hashCode(contactPointId, code), expiresAt: new Date(Date.now() + CODE_LIFETIME_MS) };
}

/** Salted with the contact point's id; only the hash is stored. */
function hashCode(contactPointId: string, code: string): string {
  return createHash('sha256').update(`${contactPointId}:${code.trim()}`).digest('base64url');
}

export type VerificationResult = 'verified' | 'refused' | 'locked';

/**
 * A wrong, expired or unknown code all get the same answer ("refused"), so a guess learns nothing;
 * after MAX_FAILED_ATTEMPTS the code stops working even when right. A contact point already
 * verified answers exactly like any other: only the right code says "verified", so nobody learns
 * an address's state without its code. A right code works once.
 */
export async function verifyContactPoint(
  db: Db,
  contactPointId: string,
  code: string,
): Promise<VerificationResult> {
  const checked = await checkCode(db, contactPointId, code);
  if (checked === 'right') await markContactPointVerified(db, contactPointId);
  return checked === 'right' ? 'verified' : checked;
}

/** The code check that verification and registrant sign-in share; a right code is spent. */
export async function checkCode(
  db: Db,
  contactPointId: string,
  code: string,
): Promise<'right' | 'refused' | 'locked'> {
  const pending = await findPendingVerification(db, contactPointId);
  if (!pending) return 'refused';
  if (pending.failedAttempts >= MAX_FAILED_ATTEMPTS) return 'locked';
  const expected = pending.codeHash ? Buffer.from(pending.codeHash) : undefined;
  const given = Buffer.from(hashCode(contactPointId, code));
  const matches =
    expected !== undefined && expected.length === given.length && timingSafeEqual(expected, given);
  if (!matches || !pending.expiresAt || pending.expiresAt.getTime() < Date.now()) {
    await recordFailedVerification(db, contactPointId);
    return 'refused';
  }
  await spendVerificationCode(db, contactPointId);
  return 'right';
}
