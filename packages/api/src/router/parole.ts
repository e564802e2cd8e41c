import { MAX_STATEMENT_CHARACTERS, submitImpactStatement } from '@switchboard/parole';
import { paroleReviewStatusQuery, paroleReviewWorkflowId } from '@switchboard/workflows/contract';
import { WorkflowNotFoundError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { agencyInScope, procedure, router } from '../trpc';

/**
 * Parole reviews: a registrant (or an advocate's system with them) submits an impact statement with
 * the link token from their notice; coordinators read where a review stands (no statement text).
 */
export const paroleRouter = router({
  /** The link token from the notice is the proof. */
  submitStatement: procedure('public')
    .input(
      z.object({
        token: z.string().min(1).max(100),
        statement: z.string().max(MAX_STATEMENT_CHARACTERS, `at most ${MAX_STATEMENT_CHARACTERS} characters`),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await submitImpactStatement(ctx, input.token, input.statement);
      if (result.outcome === 'accepted') return result;
      if (result.outcome === 'not-valid')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'this link is not valid or has expired' });
      throw new TRPCError({
        code: result.outcome === 'closed' ? 'CONFLICT' : 'BAD_REQUEST',
        message: result.reason,
      });
    }),
  /** Coordinators, and the parole board about its own reviews. */
  status: procedure('agency-own', 'coordinator')
    .input(z.object({ agencyId: z.string().min(1).max(64).optional(), reviewId: z.string().min(1).max(128) }))
    .query(async ({ ctx, input }) => {
      const agency = agencyInScope(ctx, input.agencyId);
      const workflowId = paroleReviewWorkflowId(agency, input.reviewId);
      try {
        return {
          workflowId,
          ...(await ctx.temporal.workflow.getHandle(workflowId).query(paroleReviewStatusQuery)),
        };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: `no parole review ${input.reviewId} from ${agency}`,
          });
        throw error;
      }
    }),
});
