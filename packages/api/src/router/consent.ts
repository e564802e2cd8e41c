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
import {
  auditStaffAction,
  procedure,
  type RequestContext,
  requireOwnRecord,
  requirePasskeyIfAny,
  router,
  staffReason,
  tokenSettings,
} from '../trpc';

const asTrpcError = (error: unknown): never => {
  if (error instanceof ConsentError) {
    throw new TRPCError({
      code: error.code === 'policy' ? 'BAD_REQUEST' : 'NOT_FOUND',
      message: error.message,
    });
  }
  throw error;
};

/** Who acts, for the audit trail: the registrant, or (later) an advocate with them. */
const by = z.enum(['registrant', 'advocate']).default('registrant');

/** The grant, if it is the calling registrant's own. */
async function ownGrant(ctx: RequestContext, consentId: string) {
  const grant = await findConsentGrant(ctx.db, consentId);
  requireOwnRecord(ctx, grant?.registrant_id);
  return grant!;
}

/**
 * For registrants (and advocates with them): grant a consent to one agency, see in one call who can
 * see what and until when, revoke at once, hand a token to the agency, and keep the details that
 * consents disclose (sealed at rest).
 */
export const consentRouter = router({
  grant: procedure('registrant-self')
    .input(consentGrantInput)
    .mutation(async ({ ctx, input }) => {
      requireOwnRecord(ctx, input.registrantId);
      await requirePasskeyIfAny(ctx);
      const grant = await grantConsent(ctx.db, ctx.consent.policy, input).catch(asTrpcError);
      const token = await issueConsentToken(
        ctx.db,
        tokenSettings(ctx),
        grant,
        input.grantedBy ?? 'registrant',
      );
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
  list: procedure('registrant-self')
    .input(z.object({ registrantId: z.uuid() }))
    .query(({ ctx, input }) => {
      requireOwnRecord(ctx, input.registrantId);
      return whoCanSee(ctx.db, input.registrantId);
    }),
  revoke: procedure('registrant-self')
    .input(z.object({ consentId: z.uuid(), by }))
    .mutation(async ({ ctx, input }) => {
      await ownGrant(ctx, input.consentId);
      // Never asks for the passkey: taking a consent back must always be easy, and gives nothing away.
      await revokeConsent(ctx.db, input.consentId, input.by).catch(asTrpcError);
      await endConsentFollowUp(ctx, input.consentId);
      return { revoked: true };
    }),
  /** A fresh token for a grant in force, to hand to its agency. */
  token: procedure('registrant-self')
    .input(z.object({ consentId: z.uuid(), by }))
    .mutation(async ({ ctx, input }) => {
      const grant = await ownGrant(ctx, input.consentId);
      const now = new Date();
      if (!grant || grant.revoked_at || grant.expires_at <= now) {
        throw new TRPCError({ code: 'NOT_FOUND', message: `no consent ${input.consentId} in force` });
      }
      const token = await issueConsentToken(ctx.db, tokenSettings(ctx), grant, input.by);
      return { token: token.token, expiresAt: token.expiresAt.toISOString() };
    }),
  recordDetail: procedure('registrant-self')
    .input(registrantDetailInput)
    .mutation(async ({ ctx, input }) => {
      requireOwnRecord(ctx, input.registrantId);
      await requirePasskeyIfAny(ctx);
      await recordRegistrantDetail(ctx.db, ctx.keyring, input).catch(asTrpcError);
      return { recorded: true };
    }),
  /** The registrant, or a coordinator who enrolled them in an address-confidentiality programme. */
  setAddressConfidential: procedure('registrant-self', 'coordinator')
    .input(z.object({ registrantId: z.uuid(), confidential: z.boolean(), reason: staffReason.optional() }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.caller.kind === 'staff' && !input.reason)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'say why (reason); it goes to the audit trail' });
      requireOwnRecord(ctx, input.registrantId);
      await requirePasskeyIfAny(ctx);
      await setAddressConfidentiality(ctx.db, input.registrantId, input.confidential).catch(asTrpcError);
      if (ctx.caller.kind === 'staff')
        await auditStaffAction(
          ctx,
          'consent.setAddressConfidential',
          `registrant ${input.registrantId} ${input.confidential ? 'confidential' : 'not confidential'}: ${input.reason}`,
        );
      return { confidential: input.confidential };
    }),
});
