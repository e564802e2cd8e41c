import { findInboxByKey, readInbox } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ApiContext } from '../trpc';
import { countAgainst, procedure, router, withinLimits } from '../trpc';

/** The registrant's portal inbox, opened with the key their enrolment gave them. */
export async function openInbox(ctx: Pick<ApiContext, 'db' | 'keyring'>, key: string, before?: Date) {
  const inbox = /^[A-Za-z0-9_-]{43}$/.test(key) ? await findInboxByKey(ctx.db, ctx.keyring, key) : undefined;
  if (!inbox) return undefined;
  return readInbox(ctx.db, ctx.keyring, inbox.contactPointId, { before });
}

export const inboxRouter = router({
  /** Newest first, 50 at a time (`before` pages back); reading marks them read. */
  /** The inbox key is the proof. */
  read: procedure('public')
    .input(z.object({ key: z.string().max(100), before: z.coerce.date().optional() }))
    .mutation(async ({ ctx, input }) => {
      await withinLimits(ctx, [['failurePerClient', ctx.clientAddress]]);
      const messages = await openInbox(ctx, input.key, input.before);
      if (!messages) await countAgainst(ctx, [['failurePerClient', ctx.clientAddress]]);
      if (!messages) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'this inbox key opens no inbox' });
      return { messages };
    }),
});
