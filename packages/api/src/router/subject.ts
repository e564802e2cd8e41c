import { describeCaller } from '@switchboard/callers';
import { agencyId } from '@switchboard/events';
import {
  decideMatch,
  linkAsCoordinator,
  pendingMatches,
  SubjectLinkRefused,
  subjectLink,
} from '@switchboard/subjects';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { auditStaffAction, procedure, router, staffReason } from '../trpc';

/** One person across agencies: links, and the coordinators' queue of unsure matches. */
export const subjectRouter = router({
  /** A coordinator links two agencies' references (an agency does it with POST /subject-links). */
  link: procedure('coordinator')
    .input(subjectLink.extend({ agencyId, reason: staffReason }))
    .mutation(async ({ ctx, input }) => {
      try {
        const { agencyId: id, reason, ...link } = input;
        await linkAsCoordinator(ctx, id, link, describeCaller(ctx.caller));
        await auditStaffAction(
          ctx,
          'subject.link',
          `${id}/${link.subjectRef} = ${link.sameAs.agencyId}/${link.sameAs.subjectRef}: ${reason}`,
        );
        return { linked: true };
      } catch (error) {
        if (error instanceof SubjectLinkRefused)
          throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        throw error;
      }
    }),
  matches: procedure('coordinator').query(({ ctx }) => pendingMatches(ctx)),
  decideMatch: procedure('coordinator')
    .input(z.object({ matchId: z.uuid(), decision: z.enum(['link', 'reject']), reason: staffReason }))
    .mutation(async ({ ctx, input }) => {
      const { reason, ...decision } = input;
      if (!(await decideMatch(ctx, { ...decision, decidedBy: describeCaller(ctx.caller) }))) {
        throw new TRPCError({ code: 'CONFLICT', message: 'no pending match with that id' });
      }
      await auditStaffAction(ctx, 'subject.decideMatch', `${input.matchId} ${input.decision}: ${reason}`);
      return { decided: input.decision };
    }),
});
