import { expectHeartbeat, feedHealth, RegistryError } from '@switchboard/agencies';
import { describeCaller } from '@switchboard/callers';
import {
  decideBurstHold,
  findNiemProfile,
  findSnapshotImport,
  listBurstHolds,
  listHeldEvents,
  saveNiemProfile,
  saveSnapshotMapping,
} from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { niemProfile } from '@switchboard/niem';
import { parseSnapshotMapping, SnapshotRefused, snapshotFeeds } from '@switchboard/snapshots';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  agencyInScope,
  auditStaffAction,
  procedure,
  type RequestContext,
  router,
  staffReason,
} from '../trpc';

const holdDecision = z.object({ holdId: z.uuid(), reason: staffReason });

/**
 * Coordinators and agencies keep feeds trustworthy: snapshot mappings and import reports, feed
 * health and heartbeat expectations, and burst holds (see, release, discard).
 */
export const feedRouter = router({
  setSnapshotMapping: procedure('agency-own', 'coordinator')
    .input(
      z.object({
        agencyId: agencyId.optional(),
        feed: z.enum(snapshotFeeds),
        mapping: z.record(z.string(), z.unknown()),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const agency = agencyInScope(ctx, input.agencyId);
      try {
        const mapping = parseSnapshotMapping(input.feed, input.mapping);
        await saveSnapshotMapping(ctx.db, agency, input.feed, mapping);
        return { mapping };
      } catch (error) {
        if (error instanceof SnapshotRefused)
          throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        throw error;
      }
    }),
  /** What the agency's NIEM messages leave out: facility, time zone, its court's hearing codes. */
  setNiemProfile: procedure('agency-own', 'coordinator')
    .input(z.object({ agencyId: agencyId.optional(), profile: niemProfile }))
    .mutation(async ({ ctx, input }) => {
      const agency = agencyInScope(ctx, input.agencyId);
      await saveNiemProfile(ctx.db, agency, input.profile, describeCaller(ctx.caller));
      return { profile: input.profile };
    }),
  niemProfile: procedure('agency-own', 'coordinator')
    .input(z.object({ agencyId: agencyId.optional() }))
    .query(async ({ ctx, input }) => {
      const agency = agencyInScope(ctx, input.agencyId);
      return { profile: niemProfile.parse((await findNiemProfile(ctx.db, agency)) ?? {}) };
    }),
  snapshotImport: procedure('agency-own', 'coordinator')
    .input(z.object({ importId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const found = await findSnapshotImport(ctx.db, input.importId);
      // An agency sees its own imports only; another's answers as if it did not exist.
      if (!found || (ctx.caller.kind === 'agency' && found.agency_id !== ctx.caller.agencyId))
        throw new TRPCError({ code: 'NOT_FOUND', message: `no snapshot import ${input.importId}` });
      return found;
    }),

  /** Every feed for coordinators; an agency's own for it. */
  health: procedure('agency-own', 'coordinator')
    .input(z.object({ agencyId: agencyId.optional() }).optional())
    .query(({ ctx, input }) =>
      feedHealth(ctx, ctx.caller.kind === 'agency' ? agencyInScope(ctx, input?.agencyId) : input?.agencyId),
    ),
  expectHeartbeat: procedure('agency-own', 'coordinator')
    .input(
      z.object({
        agencyId: agencyId.optional(),
        everySeconds: z
          .number()
          .int()
          .min(1)
          .max(30 * 86_400)
          .nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const agency = agencyInScope(ctx, input.agencyId);
      try {
        await expectHeartbeat(
          { ...ctx, recheckSeconds: ctx.feeds.recheckSeconds },
          agency,
          input.everySeconds,
        );
        return (await feedHealth(ctx, agency))[0];
      } catch (error) {
        if (error instanceof RegistryError)
          throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
        throw error;
      }
    }),

  holds: procedure('coordinator')
    .input(
      z
        .object({
          status: z.enum(['held', 'released', 'discarded']).optional(),
          agencyId: agencyId.optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listBurstHolds(ctx.db, input ?? {})),
  heldEvents: procedure('coordinator')
    .input(z.object({ holdId: z.uuid(), limit: z.number().int().min(1).max(1000).default(100) }))
    .query(({ ctx, input }) => listHeldEvents(ctx.db, input.holdId, input.limit)),
  /**
   * The burst is real: its events go to victims now, through the ordinary workflows. A supervisor's
   * decision: a wrong release sends a flood of false alarms.
   */
  releaseHold: procedure('supervisor')
    .input(holdDecision)
    .mutation(({ ctx, input }) => decideHold(ctx, input, 'released')),
  /** The burst is bad data: its events are kept for the record and nobody is told of them. */
  discardHold: procedure('coordinator')
    .input(holdDecision)
    .mutation(({ ctx, input }) => decideHold(ctx, input, 'discarded')),
});

async function decideHold(
  ctx: RequestContext,
  input: z.infer<typeof holdDecision>,
  decision: 'released' | 'discarded',
) {
  const hold = await decideBurstHold(ctx.db, input.holdId, decision, describeCaller(ctx.caller));
  if (!hold) throw new TRPCError({ code: 'CONFLICT', message: 'no open hold with that id' });
  await auditStaffAction(
    ctx,
    `feed.${decision === 'released' ? 'releaseHold' : 'discardHold'}`,
    `${input.holdId}: ${input.reason}`,
  );
  return hold;
}
