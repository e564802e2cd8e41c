import {
  ConsentError,
  consentGrantInput,
  endConsentFollowUp,
  followConsent,
  grantConsent,
  issueConsentToken,
  recordRegistrantDetail,
  registrantDetailInput,
  revokeConsent,
  setAddressConfidentiality,
  whoCanSee,
} from '@switchboard/consent';
import { findConsentGrant } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure, router, tokenSettings } from '../trpc';

const asTrpcError = (error: unknown): never => {
  if (error instanceof ConsentError) {
    throw new TRPCError({
      code: error.code === 'policy' ? 'BAD_REQUEST' : 'NOT_FOUND',
      message: error.message,
    });
  }
  throw error;
};

const by = z.enum(['registrant', 'advocate']).default('registrant');

/**
 * For registrants (and advocates with them): grant a consent to one agency, see in one call who can
 * see what and until when, revoke at once, hand a token to the agency, and keep the details that
 * consents disclose (sealed at rest).
 */
export const consentRouter = router({
  grant: publicProcedure.input(consentGrantInput).mutation(async ({ ctx, input }) => {
    const grant = await grantConsent(ctx.db, ctx.consent.policy, input).catch(asTrpcError);
    const token = await issueConsentToken(ctx.db, tokenSettings(ctx), grant, input.grantedBy ?? 'registrant');
    const lifecycle = {
      temporal: ctx.temporal,
      taskQueue: ctx.taskQueue,
      remindBeforeMs: ctx.consent.remindBeforeMs,
    };
    return {
      consentId: grant.id,
      expiresAt: grant.expires_at.toISOString(),
      token: token.token,
      tokenExpiresAt: token.expiresAt.toISOString(),
      // Expiry is enforced at every read whatever happens here; the workflow reminds and records.
      workflowId: await followConsent(lifecycle, grant),
    };
  }),
  list: publicProcedure
    .input(z.object({ registrantId: z.uuid() }))
    .query(({ ctx, input }) => whoCanSee(ctx.db, input.registrantId)),
  revoke: publicProcedure.input(z.object({ consentId: z.uuid(), by })).mutation(async ({ ctx, input }) => {
    await revokeConsent(ctx.db, input.consentId, input.by).catch(asTrpcError);
    await endConsentFollowUp(ctx, input.consentId);
    return { revoked: true };
  }),
  /** A fresh token for a grant in force, to hand to its agency. */
  token: publicProcedure.input(z.object({ consentId: z.uuid(), by })).mutation(async ({ ctx, input }) => {
    const grant = await findConsentGrant(ctx.db, input.consentId);
    const now = new Date();
    if (!grant || grant.revoked_at || grant.expires_at <= now) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `no consent ${input.consentId} in force` });
    }
    const token = await issueConsentToken(ctx.db, tokenSettings(ctx), grant, input.by);
    return { token: token.token, expiresAt: token.expiresAt.toISOString() };
  }),
  recordDetail: publicProcedure.input(registrantDetailInput).mutation(async ({ ctx, input }) => {
    await recordRegistrantDetail(ctx.db, ctx.keyring, input).catch(asTrpcError);
    return { recorded: true };
  }),
  setAddressConfidential: publicProcedure
    .input(z.object({ registrantId: z.uuid(), confidential: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await setAddressConfidentiality(ctx.db, input.registrantId, input.confidential).catch(asTrpcError);
      return { confidential: input.confidential };
    }),
});
