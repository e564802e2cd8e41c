import {
  actOnNotification,
  confirmWithLink,
  NotificationActionError,
  notificationStatus,
} from '@switchboard/coordination';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc';

const workflowId = z.object({ workflowId: z.string().min(1).max(200) });

const asTrpcError = (error: unknown): never => {
  if (error instanceof NotificationActionError) {
    throw new TRPCError({
      code: error.code === 'not_found' ? 'NOT_FOUND' : error.code === 'finished' ? 'CONFLICT' : 'BAD_REQUEST',
      message: error.message,
    });
  }
  throw error;
};

/**
 * Registrants confirm urgent news; coordinators act on a notification by the workflow id Temporal
 * UI shows them: mark it confirmed by phone, send it again now, or stop it.
 */
export const notificationRouter = router({
  confirm: publicProcedure
    .input(z.object({ token: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await confirmWithLink(ctx, input.token);
      if (outcome === 'not-valid') {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'this confirmation link is not valid or has expired',
        });
      }
      return { outcome };
    }),
  status: publicProcedure
    .input(workflowId)
    .query(({ ctx, input }) => notificationStatus(ctx.temporal, input.workflowId).catch(asTrpcError)),
  confirmByPhone: publicProcedure
    .input(workflowId)
    .mutation(({ ctx, input }) =>
      actOnNotification(ctx.temporal, input.workflowId, 'confirm').catch(asTrpcError),
    ),
  resend: publicProcedure
    .input(workflowId)
    .mutation(({ ctx, input }) =>
      actOnNotification(ctx.temporal, input.workflowId, 'resend').catch(asTrpcError),
    ),
  stop: publicProcedure
    .input(workflowId)
    .mutation(({ ctx, input }) =>
      actOnNotification(ctx.temporal, input.workflowId, 'stop').catch(asTrpcError),
    ),
});
