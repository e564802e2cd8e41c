import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import {
  type Db,
  findPasskey,
  listPasskeys,
  markPasskeyShown,
  passkeyShownAt,
  passkeyUsed,
  type StoredPasskey,
  savePasskey,
  savePasskeySignInChallenge,
  setSessionChallenge,
  takePasskeySignInChallenge,
  takeSessionChallenge,
} from '@switchboard/db';

/** The hub as WebAuthn sees it: its name, its host (the RP ID) and the origin pages come from. */
export interface RelyingParty {
  name: string;
  id: string;
  origin: string;
}

export function relyingPartyOf(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { name: 'Switchboard', id: url.hostname, origin: url.origin };
}

/** A signed-in registrant's session: passkeys are theirs, challenges the session's. */
export interface RegistrantSession {
  registrantId: string;
  sessionId: string;
}

type Deps = { db: Db; relyingParty: RelyingParty };

/** How long a shown passkey covers the changes that ask for it. */
export const PASSKEY_FRESH_MS = 5 * 60 * 1000;

export class PasskeyRefused extends Error {
  override readonly name = 'PasskeyRefused';
  constructor(
    message: string,
    /** `missing`: there is none to show; `order`: options were not asked for first; `refused`: it did not check out or is not fresh. */
    readonly reason: 'missing' | 'order' | 'refused' = 'refused',
  ) {
    super(message);
  }
}

/**
 * What the browser needs to make a passkey (navigator.credentials.create). Someone who already has
 * one shows it first, so a stolen session cannot add its own.
 */
export async function passkeyRegistrationOptions(deps: Deps, session: RegistrantSession) {
  const existing = await requireFreshPasskey(deps, session);
  const options = await generateRegistrationOptions({
    rpName: deps.relyingParty.name,
    rpID: deps.relyingParty.id,
    // No name or address: the authenticator shows this, and the device may be shared.
    userName: 'Switchboard registration',
    userID: new TextEncoder().encode(session.registrantId),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await setSessionChallenge(deps.db, session.sessionId, options.challenge);
  return options;
}

/** Keeps the new passkey if the authenticator's answer checks out against this session's challenge. */
export async function registerPasskey(
  deps: Deps,
  session: RegistrantSession,
  response: RegistrationResponseJSON,
): Promise<{ passkeyId: string }> {
  await requireFreshPasskey(deps, session);
  const challenge = await takeSessionChallenge(deps.db, session.sessionId);
  if (!challenge)
    throw new PasskeyRefused('ask for passkey options first (passkey.registrationOptions)', 'order');
  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: deps.relyingParty.origin,
    expectedRPID: deps.relyingParty.id,
    requireUserVerification: true,
  }).catch((error: Error) => {
    throw new PasskeyRefused(`the passkey was not made: ${error.message}`);
  });
  if (!verified.verified) throw new PasskeyRefused('the passkey was not made: the answer did not verify');
  const { credential } = verified.registrationInfo;
  await savePasskey(deps.db, session.registrantId, {
    id: credential.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports ?? [],
  });
  await markPasskeyShown(deps.db, session.sessionId);
  return { passkeyId: credential.id };
}

/** What the browser needs to show a passkey (navigator.credentials.get). */
export async function passkeyCheckOptions(deps: Deps, session: RegistrantSession) {
  const passkeys = await listPasskeys(deps.db, session.registrantId);
  if (passkeys.length === 0)
    throw new PasskeyRefused('you have no passkey; add one with passkey.registrationOptions', 'missing');
  const options = await generateAuthenticationOptions({
    rpID: deps.relyingParty.id,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports })),
    userVerification: 'required',
  });
  await setSessionChallenge(deps.db, session.sessionId, options.challenge);
  return options;
}

/** The registrant shows their passkey: this session may make protected changes for a few minutes. */
export async function checkPasskey(
  deps: Deps,
  session: RegistrantSession,
  response: AuthenticationResponseJSON,
): Promise<void> {
  const challenge = await takeSessionChallenge(deps.db, session.sessionId);
  if (!challenge) throw new PasskeyRefused('ask for a passkey check first (passkey.checkOptions)', 'order');
  const passkey = (await listPasskeys(deps.db, session.registrantId)).find((p) => p.id === response.id);
  if (!passkey) throw new PasskeyRefused('that passkey is not one of yours');
  await verifyShown(deps, passkey, response, challenge);
  await markPasskeyShown(deps.db, session.sessionId);
}

/**
 * Changing consents, contact points, representative or advocate: a registrant who has a passkey
 * shows it again first (within the last few minutes), so a session left open on a shared phone
 * cannot hand the victim's data away. Someone without one is not asked.
 */
export async function requireFreshPasskey(
  deps: Pick<Deps, 'db'>,
  session: RegistrantSession,
): Promise<StoredPasskey[]> {
  const passkeys = await listPasskeys(deps.db, session.registrantId);
  if (passkeys.length === 0) return passkeys;
  const shown = await passkeyShownAt(deps.db, session.sessionId);
  if (!shown || Date.now() - shown.getTime() > PASSKEY_FRESH_MS) {
    throw new PasskeyRefused(
      'confirm it is you with your passkey first (passkey.checkOptions, then passkey.check)',
    );
  }
  return passkeys;
}

/** How long a sign-in's passkey prompt may stay open. */
const SIGN_IN_CHALLENGE_MS = 5 * 60 * 1000;

/**
 * What the browser needs to sign in with a passkey, before anyone is known: no list of credentials
 * (the authenticator offers the passkeys it holds for this hub), and a challenge spent once.
 */
export async function passkeySignInOptions(deps: Deps) {
  const options = await generateAuthenticationOptions({
    rpID: deps.relyingParty.id,
    userVerification: 'required',
  });
  await savePasskeySignInChallenge(deps.db, options.challenge, new Date(Date.now() + SIGN_IN_CHALLENGE_MS));
  return options;
}

/** The registrant whose passkey answered a challenge this hub issued, once; or a refusal. */
export async function signInWithPasskey(
  deps: Deps,
  response: AuthenticationResponseJSON,
): Promise<{ registrantId: string }> {
  const challenge = challengeOf(response);
  if (!challenge || !(await takePasskeySignInChallenge(deps.db, challenge)))
    throw new PasskeyRefused('this sign-in has expired or was already used; start again', 'order');
  const passkey = await findPasskey(deps.db, response.id);
  if (!passkey) throw new PasskeyRefused('this passkey is not known here');
  await verifyShown(deps, passkey, response, challenge);
  return { registrantId: passkey.registrantId };
}

/** The challenge the authenticator signed, as the browser reported it (verified against ours after). */
function challengeOf(response: AuthenticationResponseJSON): string | undefined {
  try {
    const client = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
    return typeof client.challenge === 'string' && client.challenge.length <= 200
      ? client.challenge
      : undefined;
  } catch {
    return undefined;
  }
}

/** The authenticator's answer checked against our challenge and the stored key; its counter moved on. */
async function verifyShown(
  deps: Deps,
  passkey: StoredPasskey,
  response: AuthenticationResponseJSON,
  challenge: string,
): Promise<void> {
  const verified = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: deps.relyingParty.origin,
    expectedRPID: deps.relyingParty.id,
    credential: { id: passkey.id, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter },
    requireUserVerification: true,
  }).catch((error: Error) => {
    throw new PasskeyRefused(`the passkey did not check out: ${error.message}`);
  });
  if (!verified.verified) throw new PasskeyRefused('the passkey did not check out');
  await passkeyUsed(deps.db, passkey.id, verified.authenticationInfo.newCounter);
}
