import { describeCaller } from '@switchboard/callers';
import { setCaseFlag } from '@switchboard/db';
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
import { agencyInScope, auditStaffAction, procedure, router, staffReason } from '../trpc';

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
  /**
   * Flags one agency's reference as intimate-partner violence (or clears it): apology letters on the
   * case then wait for an advocate's screening. The agency whose reference it is, or a coordinator
   * with a reason; audited either way.
   */
  flag: procedure('agency-own', 'coordinator')
    .input(
      z.object({
        agencyId: agencyId.optional(),
        subjectRef: z.string().min(1).max(128),
        flag: z.literal('intimate_partner_violence'),
        on: z.boolean(),
        reason: staffReason.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const agency = agencyInScope(ctx, input.agencyId);
      if (ctx.caller.kind === 'staff' && !input.reason)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'say why (reason); it goes to the audit trail' });
      const changed = await setCaseFlag(ctx.db, {
        agencyId: agency,
        subjectRef: input.subjectRef,
        flag: input.flag,
        on: input.on,
        by: describeCaller(ctx.caller),
      });
      await auditStaffAction(
        ctx,
        'subject.flag',
        `${agency}/${input.subjectRef} ${input.flag} ${input.on ? 'set' : 'cleared'}${input.reason ? `: ${input.reason}` : ''}`,
      );
      return { changed };
    }),
});
