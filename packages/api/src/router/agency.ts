import { listRecentRejections } from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc';

export const agencyRouter = router({
  recentRejections: publicProcedure
    .input(z.object({ agencyId, limit: z.number().int().min(1).max(500).default(50) }))
    .query(async ({ ctx, input }) => {
      const rows = await listRecentRejections(ctx.db, input.agencyId, input.limit);
      return rows.map((row) => ({
        eventId: row.event_id,
        code: row.code,
        message: row.message,
        field: row.field,
        receivedAt: row.received_at.toISOString(),
      }));
    }),
});
