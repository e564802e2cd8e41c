import { endSession, type LimitRule } from '@switchboard/db';
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
