import { type Db, findInboxByKey, findSignInContactPoint } from '@switchboard/db';
import type { DataKeyring } from '@switchboard/sealing';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { phoneNumber, requestVerificationCode } from './enrolment';
import { checkCode } from './verification-code';

/**
 * Registrants sign in without a password: a one-time code sent to one of their verified contact
 * points (the same code machinery as verification, so the same lockout), or, for someone who chose
 * the portal alone, the inbox key their enrolment gave them.
 */
export const signInAddress = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), address: z.email('must be the email address you registered') }),
  z.object({ channel: z.enum(['sms', 'voice']), address: phoneNumber }),
]);
export type SignInAddress = z.input<typeof signInAddress>;

export const signInWithCodeInput = signInAddress.and(
  z.object({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code') }),
);

type Deps = { db: Db; keyring: DataKeyring };

async function signInPoint(deps: Deps, input: z.output<typeof signInAddress>) {
  const found = await findSignInContactPoint(deps.db, deps.keyring, input.channel, input.address);
  if (found || input.channel !== 'email') return found;
  return findSignInContactPoint(deps.db, deps.keyring, 'email', input.address.toLowerCase());
}

/** Sends a code when the address is a verified one; says nothing either way. */
export async function requestSignInCode(
  deps: Deps & { temporal: Client; taskQueue: string },
  input: z.output<typeof signInAddress>,
): Promise<void> {
  const point = await signInPoint(deps, input);
  if (point) await requestVerificationCode(deps, point.id);
}

/** The registrant the code proves, or why not; an unknown address answers like a wrong code. */
export async function signInWithCode(
  deps: Deps,
  input: z.output<typeof signInWithCodeInput>,
): Promise<{ registrantId: string } | 'refused' | 'locked'> {
  const point = await signInPoint(deps, input);
  if (!point) return 'refused';
  const checked = await checkCode(deps.db, point.id, input.code);
  return checked === 'right' ? { registrantId: point.registrantId } : checked;
}

/** A portal-only registrant's inbox key opens their session. */
export async function signInWithInboxKey(
  deps: Deps,
  key: string,
): Promise<{ registrantId: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(key)) return undefined;
  const inbox = await findInboxByKey(deps.db, deps.keyring, key);
  return inbox && { registrantId: inbox.registrantId };
}
