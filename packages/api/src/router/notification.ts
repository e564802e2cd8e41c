import {
  actOnNotification,
  confirmWithLink,
  NotificationActionError,
  notificationStatus,
} from '@switchboard/coordination';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { auditStaffAction, procedure, type RequestContext, router, staffReason } from '../trpc';

const workflowId = z.object({ workflowId: z.string().min(1).max(200) });
const staffAction = workflowId.extend({ reason: staffReason });

/** A coordinator's action on one notification, audited with who did it and why, whatever came of it. */
async function act(
  ctx: RequestContext,
  input: z.infer<typeof staffAction>,
  action: 'confirm' | 'resend' | 'stop',
) {
  try {
    const result = await actOnNotification(ctx.temporal, input.workflowId, action);
    await auditStaffAction(ctx, `notification.${action}`, `${input.workflowId}: ${input.reason}`);
    return result;
  } catch (error) {
    await auditStaffAction(
      ctx,
      `notification.${action}`,
      `${input.workflowId}: ${input.reason} (not done: ${(error as Error).message})`,
      'refused',
    );
    return asTrpcError(error);
  }
}

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
  /** The registrant's link token is the proof: no sign-in needed to say "I got this". */
  confirm: procedure('public')
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
  status: procedure('coordinator')
    .input(workflowId)
    .query(({ ctx, input }) => notificationStatus(ctx.temporal, input.workflowId).catch(asTrpcError)),
  confirmByPhone: procedure('coordinator')
    .input(staffAction)
    .mutation(({ ctx, input }) => act(ctx, input, 'confirm')),
  resend: procedure('coordinator')
    .input(staffAction)
    .mutation(({ ctx, input }) => act(ctx, input, 'resend')),
  stop: procedure('coordinator')
    .input(staffAction)
    .mutation(({ ctx, input }) => act(ctx, input, 'stop')),
});
