import { findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { MAX_HTTP_EVENT_BYTES, submitCaseEvent } from '../submit-case-event';
import { publicProcedure, router } from '../trpc';

export const caseEventStatusInput = z.object({ agencyId, eventId: z.string().min(1).max(128) });

/** What an agency may see of its own event: where it is, never who was told. */
export const publishInput = z.object({
  agencyId: z.string(),
  /** The CloudEvent exactly as signed: its bytes are what the signature covers. */
  event: z.string().max(MAX_HTTP_EVENT_BYTES * 2),
  signature: z.string().optional(),
});

export const caseEventRouter = router({
  /** Same pipeline as NATS and plain HTTP; a rejection is an answer, returned as data. */
  publish: publicProcedure.input(publishInput).mutation(({ ctx, input }) =>
    submitCaseEvent(ctx, {
      agencyId: input.agencyId,
      body: input.event,
      bytes: Buffer.byteLength(input.event),
      signature: input.signature,
    }),
  ),

  status: publicProcedure.input(caseEventStatusInput).query(async ({ ctx, input }) => {
    const event = await findCaseEvent(ctx.db, input.agencyId, input.eventId);
    if (!event) {
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: `no event ${input.eventId} from agency ${input.agencyId}`,
      });
    }
    const deliveries = await listDeliveriesForCaseEvent(ctx.db, event.id);
    return {
      caseEventId: event.id,
      type: event.type,
      subjectRef: event.subject_ref,
      occurredAt: event.occurred_at.toISOString(),
      receivedAt: event.received_at.toISOString(),
      workflowId: event.workflow_id,
      workflowStarted: event.workflow_started_at !== null,
      notifications: {
        sent: deliveries.filter((d) => d.status === 'sent').length,
        pending: deliveries.filter((d) => d.status !== 'sent').length,
      },
    };
  }),
});
