import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { endSession, type LimitRule, markPasskeyShown } from '@switchboard/db';
import {
  PasskeyRefused,
  passkeySignInOptions,
  relyingPartyOf,
  signInWithPasskey,
} from '@switchboard/passkeys';
import {
  requestSignInCode,
  signInAddress,
  signInWithCode,
  signInWithCodeInput,
  signInWithInboxKey,
} from '@switchboard/registrations';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { openSession } from '../sessions';
import { countAgainst, procedure, type RequestContext, router, tooMany, withinLimits } from '../trpc';

/** Browsers get an HttpOnly cookie; a program asks for the token itself (`as: "bearer"`). */
const delivery = z.object({ as: z.enum(['cookie', 'bearer']).default('cookie') });

async function signedIn(ctx: RequestContext, registrantId: string, as: 'cookie' | 'bearer') {
  const session = await openSession(ctx, { kind: 'registrant', registrantId });
  if (as === 'cookie') {
    ctx.setSessionCookie(session.token, session.idleSeconds);
    return { signedIn: true as const, expiresAt: session.expiresAt.toISOString() };
  }
  return { signedIn: true as const, expiresAt: session.expiresAt.toISOString(), token: session.token };
}

/** The address a sign-in names, as the limits key it (the same for every spelling of it). */
const addressKey = (input: { channel: string; address: string }) =>
  `sign-in:${input.channel === 'email' ? 'email' : 'phone'}:${input.address.toLowerCase()}`;

/** The authenticator's answer as the browser serialises it; checked in full by SimpleWebAuthn. */
const passkeyAnswer = z
  .object({ id: z.string().min(1).max(1024), rawId: z.string().max(1024), type: z.literal('public-key') })
  .passthrough();

/** Registrants sign in and out; anyone may ask who they are signed in as. */
export const sessionRouter = router({
  /** Always the same answer, so it never says whether an address is registered. */
  requestSignInCode: procedure('public')
    .input(signInAddress)
    .mutation(async ({ ctx, input }) => {
      // Counted per address whether or not it is registered, so the limit says nothing either.
      const wait = await countAgainst(ctx, [['codeSentPerContact', addressKey(input)]]);
      if (wait > 0) throw tooMany(wait);
      await requestSignInCode(ctx, input);
      return { sent: 'if this address is registered and verified, a code is on its way' };
    }),
  signInWithCode: procedure('public')
    .input(signInWithCodeInput.and(delivery))
    .mutation(async ({ ctx, input }) => {
      const limits: [LimitRule, string][] = [
        ['wrongCodePerContact', addressKey(input)],
        ['failurePerClient', ctx.clientAddress],
      ];
      await withinLimits(ctx, limits);
      const result = await signInWithCode(ctx, input);
      if (typeof result === 'string') await countAgainst(ctx, limits);
      if (result === 'locked')
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: 'too many wrong codes; ask for a new one',
        });
      if (result === 'refused')
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'that code is not valid for this address' });
      return signedIn(ctx, result.registrantId, input.as);
    }),
  signInWithInboxKey: procedure('public')
    .input(z.object({ key: z.string().max(100) }).and(delivery))
    .mutation(async ({ ctx, input }) => {
      const limits: [LimitRule, string][] = [['failurePerClient', ctx.clientAddress]];
      await withinLimits(ctx, limits);
      const result = await signInWithInboxKey(ctx, input.key);
      if (!result) await countAgainst(ctx, limits);
      if (!result) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'this inbox key opens no inbox' });
      return signedIn(ctx, result.registrantId, input.as);
    }),
  /** Begins a passkey sign-in: the browser asks the authenticator with these options. */
  passkeySignInOptions: procedure('public').mutation(async ({ ctx }) => {
    const wait = await countAgainst(ctx, [['passkeySignInPerClient', ctx.clientAddress]]);
    if (wait > 0) throw tooMany(wait);
    return passkeySignInOptions({ db: ctx.db, relyingParty: relyingPartyOf(ctx.publicUrl) });
  }),
  /** The authenticator's answer: the registrant whose passkey it is is signed in, passkey shown. */
  signInWithPasskey: procedure('public')
    .input(z.object({ response: passkeyAnswer }).and(delivery))
    .mutation(async ({ ctx, input }) => {
      const limits: [LimitRule, string][] = [['failurePerClient', ctx.clientAddress]];
      await withinLimits(ctx, limits);
      const deps = { db: ctx.db, relyingParty: relyingPartyOf(ctx.publicUrl) };
      try {
        const { registrantId } = await signInWithPasskey(
          deps,
          input.response as unknown as AuthenticationResponseJSON,
        );
        const session = await openSession(ctx, { kind: 'registrant', registrantId });
        // Signing in with the passkey is showing it: protected changes need not ask again at once.
        await markPasskeyShown(ctx.db, session.sessionId);
        if (input.as === 'cookie') {
          ctx.setSessionCookie(session.token, session.idleSeconds);
          return { signedIn: true as const, expiresAt: session.expiresAt.toISOString() };
        }
        return { signedIn: true as const, expiresAt: session.expiresAt.toISOString(), token: session.token };
      } catch (error) {
        if (!(error instanceof PasskeyRefused)) throw error;
        await countAgainst(ctx, limits);
        throw new TRPCError({ code: 'UNAUTHORIZED', message: error.message });
      }
    }),
  /** Ends the session at once and clears the browser's copy. */
  signOut: procedure('registrant-self', 'advocate-of', 'coordinator', 'supervisor', 'hub-admin').mutation(
    async ({ ctx }) => {
      if (ctx.sessionToken) await endSession(ctx.db, ctx.sessionToken);
      ctx.setSessionCookie(null);
      return { signedOut: true };
    },
  ),
  /** Who the hub takes the caller for; a registrant is told only that they are one. */
  whoAmI: procedure('public').query(({ ctx }) => {
    const { caller } = ctx;
    if (caller.kind === 'staff') return { kind: caller.kind, name: caller.name, roles: caller.roles };
    if (caller.kind === 'agency') return { kind: caller.kind, agencyId: caller.agencyId };
    return { kind: caller.kind };
  }),
});
