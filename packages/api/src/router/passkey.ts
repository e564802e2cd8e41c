import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  checkPasskey,
  PasskeyRefused,
  passkeyCheckOptions,
  passkeyRegistrationOptions,
  registerPasskey,
  relyingPartyOf,
} from '@switchboard/passkeys';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedure, type RequestContext, router } from '../trpc';

/** The authenticator's answer as the browser serialises it; checked in full by SimpleWebAuthn. */
const credentialJson = z
  .object({ id: z.string().min(1).max(1024), rawId: z.string().max(1024), type: z.literal('public-key') })
  .passthrough();

function registrantSession(ctx: RequestContext) {
  if (ctx.caller.kind !== 'registrant')
    throw new TRPCError({ code: 'FORBIDDEN', message: 'passkeys are for signed-in registrants' });
  return { deps: { db: ctx.db, relyingParty: relyingPartyOf(ctx.publicUrl) }, session: ctx.caller };
}

const refusedAs = (error: unknown): never => {
  if (!(error instanceof PasskeyRefused)) throw error;
  const code = { missing: 'PRECONDITION_FAILED', order: 'BAD_REQUEST', refused: 'FORBIDDEN' } as const;
  throw new TRPCError({ code: code[error.reason], message: error.message });
};

/**
 * A registrant's passkeys: add one (options, then the authenticator's answer), and show one (options,
 * then the answer) before changing consents, contact points, representative or advocate.
 */
export const passkeyRouter = router({
  registrationOptions: procedure('registrant-self').mutation(({ ctx }) => {
    const { deps, session } = registrantSession(ctx);
    return passkeyRegistrationOptions(deps, session).catch(refusedAs);
  }),
  register: procedure('registrant-self')
    .input(z.object({ response: credentialJson }))
    .mutation(({ ctx, input }) => {
      const { deps, session } = registrantSession(ctx);
      return registerPasskey(deps, session, input.response as unknown as RegistrationResponseJSON).catch(
        refusedAs,
      );
    }),
  checkOptions: procedure('registrant-self').mutation(({ ctx }) => {
    const { deps, session } = registrantSession(ctx);
    return passkeyCheckOptions(deps, session).catch(refusedAs);
  }),
  check: procedure('registrant-self')
    .input(z.object({ response: credentialJson }))
    .mutation(async ({ ctx, input }) => {
      const { deps, session } = registrantSession(ctx);
      await checkPasskey(deps, session, input.response as unknown as AuthenticationResponseJSON).catch(
        refusedAs,
      );
      return { shown: true };
    }),
});
