import { agencyId } from '@switchboard/events';
import {
  decideMatch,
  linkSubjectReferences,
  pendingMatches,
  SubjectLinkRefused,
  subjectLink,
} from '@switchboard/subjects';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc';

/** One person across agencies: links, and the coordinators' queue of unsure matches. */
export const subjectRouter = router({
  /** A coordinator links two agencies' references (an agency does it with POST /subject-links). */
  link: publicProcedure.input(subjectLink.extend({ agencyId })).mutation(async ({ ctx, input }) => {
    try {
      const { agencyId: id, ...link } = input;
      await linkSubjectReferences(ctx, id, link);
      return { linked: true };
    } catch (error) {
      if (error instanceof SubjectLinkRefused)
        throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
      throw error;
    }
  }),
  matches: publicProcedure.query(({ ctx }) => pendingMatches(ctx)),
  decideMatch: publicProcedure
    .input(
      z.object({
        matchId: z.uuid(),
        decision: z.enum(['link', 'reject']),
        decidedBy: z.string().trim().min(1).max(100),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!(await decideMatch(ctx, input))) {
        throw new TRPCError({ code: 'CONFLICT', message: 'no pending match with that id' });
      }
      return { decided: input.decision };
    }),
});
