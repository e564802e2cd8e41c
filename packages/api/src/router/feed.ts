import { expectHeartbeat, feedHealth, RegistryError } from '@switchboard/agencies';
import {
  decideBurstHold,
  findSnapshotImport,
  listBurstHolds,
  listHeldEvents,
  saveSnapshotMapping,
} from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { parseSnapshotMapping, SnapshotRefused, snapshotFeeds } from '@switchboard/snapshots';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc';

const holdId = z.object({ holdId: z.uuid(), decidedBy: z.string().trim().min(1).max(100) });

/**
 * Coordinators and agencies keep feeds trustworthy: snapshot mappings and import reports, feed
 * health and heartbeat expectations, and burst holds (see, release, discard).
 */
export const feedRouter = router({
  setSnapshotMapping: publicProcedure
    .input(z.object({ agencyId, feed: z.enum(snapshotFeeds), mapping: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      try {
        const mapping = parseSnapshotMapping(input.feed, input.mapping);
        await saveSnapshotMapping(ctx.db, input.agencyId, input.feed, mapping);
        return { mapping };
      } catch (error) {
        if (error instanceof SnapshotRefused)
          throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        throw error;
      }
    }),
  snapshotImport: publicProcedure.input(z.object({ importId: z.uuid() })).query(async ({ ctx, input }) => {
    const found = await findSnapshotImport(ctx.db, input.importId);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `no snapshot import ${input.importId}` });
    return found;
  }),

  health: publicProcedure
    .input(z.object({ agencyId: agencyId.optional() }).optional())
    .query(({ ctx, input }) => feedHealth(ctx, input?.agencyId)),
  expectHeartbeat: publicProcedure
    .input(
      z.object({
        agencyId,
        everySeconds: z
          .number()
          .int()
          .min(1)
          .max(30 * 86_400)
          .nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      try {
        await expectHeartbeat(
          { ...ctx, recheckSeconds: ctx.feeds.recheckSeconds },
          input.agencyId,
          input.everySeconds,
        );
        return (await feedHealth(ctx, input.agencyId))[0];
      } catch (error) {
        if (error instanceof RegistryError)
          throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
        throw error;
      }
    }),

  holds: publicProcedure
    .input(
      z
        .object({
          status: z.enum(['held', 'released', 'discarded']).optional(),
          agencyId: agencyId.optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listBurstHolds(ctx.db, input ?? {})),
  heldEvents: publicProcedure
    .input(z.object({ holdId: z.uuid(), limit: z.number().int().min(1).max(1000).default(100) }))
    .query(({ ctx, input }) => listHeldEvents(ctx.db, input.holdId, input.limit)),
  /** The burst is real: its events go to victims now, through the ordinary workflows. */
  releaseHold: publicProcedure.input(holdId).mutation(async ({ ctx, input }) => {
    const hold = await decideBurstHold(ctx.db, input.holdId, 'released', input.decidedBy);
    if (!hold) throw new TRPCError({ code: 'CONFLICT', message: 'no open hold with that id' });
    return hold;
  }),
  /** The burst is bad data: its events are kept for the record and nobody is told of them. */
  discardHold: publicProcedure.input(holdId).mutation(async ({ ctx, input }) => {
    const hold = await decideBurstHold(ctx.db, input.holdId, 'discarded', input.decidedBy);
    if (!hold) throw new TRPCError({ code: 'CONFLICT', message: 'no open hold with that id' });
    return hold;
  }),
});
