import {
  type BusNames,
  eventIdOf,
  type NatsConnection,
  publishCaseEvent,
  publishCaseEventBatch,
  type Receipt,
} from '@switchboard/bus';
import { recordRejection } from '@switchboard/db';
import { binarySigningInput, verifyEventSignature } from '@switchboard/event-signature';
import { agencyId, eventsOfBatch, MAX_BATCH_BYTES, type RejectionCode } from '@switchboard/events';
import { MAX_NIEM_BYTES, niemEventId } from '@switchboard/niem';
import { traceHeaders } from '@switchboard/tracing';
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
  submission: {
    agencyId: string;
    body?: string;
    bytes: number;
    signature?: string;
    /** A NIEM exchange (XML, bare or in its envelope): ingest reads it into a case event. */
    niem?: boolean;
    /** A binary-mode CloudEvent: its `ce-*` and `content-type` headers; the body is its data. */
    binaryHeaders?: Record<string, string>;
  },
): Promise<SubmitResult> {
  const limit = submission.niem ? MAX_NIEM_BYTES : MAX_HTTP_EVENT_BYTES;
  if (!agencyId.safeParse(submission.agencyId).success) {
    return rejected({ code: 'unknown_agency', message: `"${submission.agencyId}" is not an agency id` });
  }
  if (submission.body === undefined || submission.bytes > limit) {
    const rejection = {
      code: 'payload_too_large' as const,
      message: `${submission.niem ? 'message' : 'event'} is ${submission.bytes} bytes; the limit is ${limit} bytes`,
    };
    await recordRejection(ctx.db, { agencyId: submission.agencyId, ...rejection });
    return rejected(rejection);
  }
  const body = submission.body;
  const binary = submission.binaryHeaders;
  const signed = binary ? binarySigningInput(binary, body) : body;
  const unproven = await proofRejection(ctx, submission.agencyId, signed, submission.signature);
  if (unproven) {
    await recordRejection(ctx.db, { agencyId: submission.agencyId, ...unproven });
    return rejected(unproven);
  }
  const eventId = submission.niem ? niemEventId(body) : binary ? binary['ce-id'] : eventIdOf(body);
  const outcome = await publishCaseEvent(ctx.nc, ctx.names, submission.agencyId, body, {
    signature: submission.signature,
    eventId,
    ...(submission.niem && { niem: true as const }),
    // Over NATS as the CloudEvents NATS binding carries binary mode: the same ce-* headers; and the
    // trace the agency's request belongs to, so ingest's work joins it.
    headers: { ...traceHeaders(), ...binary },
  });
  switch (outcome.kind) {
    case 'absorbed':
      return {
        status: 200,
        receipt: {
          outcome: 'duplicate',
          eventId,
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
      return { status: receipt.outcome === 'duplicate' ? 200 : 202, receipt };
    }
  }
}

export type BatchResult = {
  status: number;
  body:
    | { receipts: (Receipt | { outcome: 'queued'; eventId?: string; message: string })[] }
    | Extract<SubmitResult['receipt'], { outcome: 'rejected' | 'duplicate' }>;
};

/**
 * A CloudEvents batch (`application/cloudevents-batch+json`), signed as a whole: one message on the
 * bus, a receipt per event, in order. 202 when every event was taken, 207 when some were refused.
 */
export async function submitCaseEventBatch(
  ctx: ApiContext & { nc: NatsConnection; names: BusNames },
  submission: { agencyId: string; body?: string; bytes: number; signature?: string },
): Promise<BatchResult> {
  const limit = MAX_BATCH_BYTES;
  const refuse = async (rejection: { code: RejectionCode; message: string }): Promise<BatchResult> => {
    if (agencyId.safeParse(submission.agencyId).success)
      await recordRejection(ctx.db, { agencyId: submission.agencyId, ...rejection });
    return { status: statusByCode[rejection.code] ?? 422, body: { outcome: 'rejected', ...rejection } };
  };
  if (!agencyId.safeParse(submission.agencyId).success)
    return refuse({ code: 'unknown_agency', message: `"${submission.agencyId}" is not an agency id` });
  if (submission.body === undefined || submission.bytes > limit)
    return refuse({
      code: 'payload_too_large',
      message: `batch is ${submission.bytes} bytes; the limit is ${limit} bytes (send fewer events per batch)`,
    });
  const body = submission.body;
  const unproven = await proofRejection(ctx, submission.agencyId, body, submission.signature);
  if (unproven) return refuse(unproven);
  const batch = eventsOfBatch(body);
  if (!batch.ok) return refuse(batch.rejection);
  const eventIds = batch.events.map((event) => event.eventId);
  const outcome = await publishCaseEventBatch(ctx.nc, ctx.names, submission.agencyId, body, eventIds, {
    signature: submission.signature,
  });
  if (outcome.kind === 'absorbed')
    return {
      status: 200,
      body: {
        outcome: 'duplicate',
        streamSeq: outcome.streamSeq,
        message: 'this batch was already received; nothing changes',
      },
    };
  // In the batch's order; one the hub has not answered yet is queued, and its receipt follows on NATS.
  const pending = [...outcome.receipts];
  const receipts = eventIds.map((id) => {
    const at = pending.findIndex((r) => r.eventId === id || (r.eventId === undefined && id === undefined));
    return at < 0
      ? {
          outcome: 'queued' as const,
          ...(id && { eventId: id }),
          message: 'stored; the receipt will follow on NATS',
        }
      : pending.splice(at, 1)[0]!;
  });
  return { status: receipts.some((r) => r.outcome === 'rejected') ? 207 : 202, body: { receipts } };
}

/**
 * Who sent it and whether they signed it, checked before the event goes near JetStream, whose
 * duplicate window would otherwise let an unproven copy answer for the proven one. Ingest checks
 * again: this only refuses earlier, never admits what ingest would refuse.
 */
async function proofRejection(
  ctx: ApiContext,
  agency: string,
  body: string | Uint8Array,
  signature: string | undefined,
): Promise<{ code: RejectionCode; message: string } | undefined> {
  const directory = ctx.consent.agencies;
  let known = await directory.lookup(agency);
  if (!known)
    return { code: 'unknown_agency', message: `agency "${agency}" is not registered with this hub` };
  if (known.agency.status !== 'active')
    return {
      code: 'agency_suspended',
      message: `agency ${agency} is suspended; its events are not accepted until it is reinstated`,
    };
  let check = await verifyEventSignature(body, signature, known.keys);
  if (!check.ok && check.code === 'unknown_key') {
    // A key added a moment ago may not be in this process's cache yet.
    directory.forget(agency);
    known = await directory.lookup(agency);
    if (known) check = await verifyEventSignature(body, signature, known.keys);
  }
  return check.ok ? undefined : { code: check.code, message: check.message };
}

function rejected(rejection: { code: RejectionCode; message: string }): SubmitResult {
  return { status: statusByCode[rejection.code] ?? 422, receipt: { outcome: 'rejected', ...rejection } };
}
