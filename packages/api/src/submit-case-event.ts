import {
  type BusNames,
  eventIdOf,
  type NatsConnection,
  publishCaseEvent,
  type Receipt,
} from '@switchboard/bus';
import { recordRejection } from '@switchboard/db';
import { agencyId, type RejectionCode } from '@switchboard/events';
import type { ApiContext } from './trpc';

/** JetStream refuses larger messages; anything this size is refused here with the same code. */
export const MAX_HTTP_EVENT_BYTES = 256 * 1024;

export type SubmitResult = {
  status: number;
  receipt:
    | Receipt
    /** JetStream already held this event id and dropped the repeat before ingest saw it. */
    | { outcome: 'duplicate'; eventId?: string; streamSeq: number; message: string }
    /** Stored in JetStream; ingest had not answered in time, and will. */
    | { outcome: 'queued'; streamSeq: number; message: string };
};

const statusByCode: Partial<Record<RejectionCode, number>> = {
  unknown_agency: 404,
  agency_suspended: 403,
  missing_signature: 401,
  bad_signature: 401,
  unknown_key: 401,
  payload_too_large: 413,
};

/**
 * The HTTP and tRPC ways in. Both put the event on the agency's JetStream subject, exactly as a
 * NATS publisher would, and answer with the receipt ingest gives: one pipeline, one set of rules.
 */
export async function submitCaseEvent(
  ctx: ApiContext & { nc: NatsConnection; names: BusNames },
  /** `body` is left out when the request was too large to keep; `bytes` is its size either way. */
  submission: { agencyId: string; body?: string; bytes: number; signature?: string },
): Promise<SubmitResult> {
  if (!agencyId.safeParse(submission.agencyId).success) {
    return rejected({ code: 'unknown_agency', message: `"${submission.agencyId}" is not an agency id` });
  }
  if (submission.body === undefined || submission.bytes > MAX_HTTP_EVENT_BYTES) {
    const rejection = {
      code: 'payload_too_large' as const,
      message: `event is ${submission.bytes} bytes; the limit is ${MAX_HTTP_EVENT_BYTES} bytes`,
    };
    await recordRejection(ctx.db, { agencyId: submission.agencyId, ...rejection });
    return rejected(rejection);
  }
  const body = submission.body;
  const outcome = await publishCaseEvent(ctx.nc, ctx.names, submission.agencyId, body, {
    signature: submission.signature,
  });
  switch (outcome.kind) {
    case 'absorbed':
      return {
        status: 200,
        receipt: {
          outcome: 'duplicate',
          eventId: eventIdOf(body),
          streamSeq: outcome.streamSeq,
          message: 'this event id was already received; nothing changes',
        },
      };
    case 'no-receipt':
      return {
        status: 202,
        receipt: {
          outcome: 'queued',
          streamSeq: outcome.streamSeq,
          message: 'stored; the receipt will follow on NATS',
        },
      };
    case 'receipt': {
      const receipt = outcome.receipt;
      if (receipt.outcome === 'rejected') return { status: statusByCode[receipt.code] ?? 422, receipt };
      return { status: receipt.outcome === 'accepted' ? 202 : 200, receipt };
    }
  }
}

function rejected(rejection: { code: RejectionCode; message: string }): SubmitResult {
  return { status: statusByCode[rejection.code] ?? 422, receipt: { outcome: 'rejected', ...rejection } };
}
