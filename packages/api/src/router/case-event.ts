import { findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { MAX_HTTP_EVENT_BYTES, submitCaseEvent } from '../submit-case-event';
import { agencyInScope, callingAgency, procedure, router } from '../trpc';

export const caseEventStatusInput = z.object({
  /** For coordinators; an agency asks about its own events. */
  agencyId: agencyId.optional(),
  eventId: z.string().min(1).max(128),
});

/** An event as its agency signed it. */
export const publishInput = z.object({
  /** The CloudEvent exactly as signed: its bytes are what the signature covers. */
  event: z.string().max(MAX_HTTP_EVENT_BYTES * 2),
  signature: z.string().optional(),
});

export const caseEventRouter = router({
  /**
   * Same pipeline as NATS and plain HTTP; a rejection is an answer, returned as data. The publisher
   * is the agency the client assertion proves; the signature must be its too.
   */
  publish: procedure('agency-own')
    .input(publishInput)
    .mutation(({ ctx, input }) =>
      submitCaseEvent(ctx, {
        agencyId: callingAgency(ctx),
        body: input.event,
        bytes: Buffer.byteLength(input.event),
        signature: input.signature,
      }),
    ),

  status: procedure('agency-own', 'coordinator')
    .input(caseEventStatusInput)
    .query(async ({ ctx, input }) => {
      const agency = agencyInScope(ctx, input.agencyId);
      const event = await findCaseEvent(ctx.db, agency, input.eventId);
      if (!event) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `no event ${input.eventId} from agency ${agency}`,
        });
      }
      const stored = {
        caseEventId: event.id,
        type: event.type,
        subjectRef: event.subject_ref,
        occurredAt: event.occurred_at.toISOString(),
        receivedAt: event.received_at.toISOString(),
        workflowId: event.workflow_id,
        workflowStarted: event.workflow_started_at !== null,
      };
      // An agency never learns whether anyone is registered: how many were told is for coordinators.
      if (ctx.caller.kind === 'agency') return stored;
      const deliveries = await listDeliveriesForCaseEvent(ctx.db, event.id);
      return {
        ...stored,
        notifications: {
          sent: deliveries.filter((d) => d.status === 'sent').length,
          pending: deliveries.filter((d) => d.status !== 'sent').length,
        },
      };
    }),
});
