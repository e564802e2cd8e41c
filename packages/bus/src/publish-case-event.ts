import { createHash } from 'node:crypto';
import { jetstream, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { headers } from '@nats-io/transport-node';
import { SIGNATURE_HEADER } from '@switchboard/event-signature';
import type { Receipt } from './receipt';
import type { BusNames } from './subjects';

export type PublishOutcome =
  | { kind: 'receipt'; receipt: Receipt; streamSeq: number }
  /** JetStream itself dropped it as a repeat of an event id seen within its duplicate window. */
  | { kind: 'absorbed'; streamSeq: number }
  | { kind: 'no-receipt'; streamSeq: number; waitedMs: number };

export type BatchOutcome =
  | { kind: 'receipts'; receipts: Receipt[]; streamSeq: number }
  | { kind: 'absorbed'; streamSeq: number }
  /** Some receipts came, not all, before the wait ended. */
  | { kind: 'no-receipt'; receipts: Receipt[]; streamSeq: number; waitedMs: number };

interface PublishOptions {
  signature?: string;
  timeoutMs?: number;
  msgId?: false;
  /** A NIEM exchange, on its own subject (give `eventId`: the id the hub will give it, see @switchboard/niem). */
  niem?: true;
  /** More headers for the message: a binary-mode event's `ce-*` and `content-type`, a batch's media type. */
  headers?: Record<string, string>;
  /** The event id, when the payload does not carry it (binary mode: `ce-id`; NIEM: its derived id). */
  eventId?: string;
}

/**
 * Publishes one event as an agency would and waits for the hub's receipt. The event id is also the
 * JetStream message id, so a quick repeat is absorbed by the server before ingest even sees it.
 */
export async function publishCaseEvent(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  payload: string,
  options: PublishOptions = {},
): Promise<PublishOutcome> {
  const eventId = options.niem ? options.eventId : (options.eventId ?? eventIdOf(payload));
  const outcome = await publishAndCollect(nc, names, agencyId, payload, options, [eventId]);
  if (outcome.kind !== 'receipts')
    return outcome.kind === 'absorbed'
      ? outcome
      : { kind: 'no-receipt', streamSeq: outcome.streamSeq, waitedMs: outcome.waitedMs };
  return { kind: 'receipt', receipt: outcome.receipts[0]!, streamSeq: outcome.streamSeq };
}

/**
 * Publishes a CloudEvents batch (`application/cloudevents-batch+json`) as one message and waits for
 * a receipt per event: `eventIds` in the batch's order (undefined for an event that has none).
 */
export async function publishCaseEventBatch(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  payload: string,
  eventIds: (string | undefined)[],
  options: Omit<PublishOptions, 'niem' | 'eventId'> = {},
): Promise<BatchOutcome> {
  return publishAndCollect(
    nc,
    names,
    agencyId,
    payload,
    { ...options, headers: { ...options.headers, 'content-type': 'application/cloudevents-batch+json' } },
    eventIds,
  );
}

async function publishAndCollect(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  payload: string,
  options: PublishOptions,
  expected: (string | undefined)[],
): Promise<BatchOutcome> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const receipts = nc.subscribe(names.agencyReceipts(agencyId));
  const waiting = [...expected];
  const collected: Receipt[] = [];
  try {
    const ack = await sendCaseEvent(nc, names, agencyId, payload, {
      signature: options.signature,
      dedupe: options.msgId !== false,
      niem: options.niem,
      headers: options.headers,
      eventId: options.eventId,
    });
    if (ack.duplicate) return { kind: 'absorbed', streamSeq: ack.seq };

    const started = Date.now();
    const timer = setTimeout(() => receipts.unsubscribe(), timeoutMs);
    try {
      for await (const message of receipts) {
        const receipt = message.json<Receipt>();
        // An event too broken to carry an id is answered without one.
        const at = waiting.findIndex(
          (id) => receipt.eventId === id || (receipt.eventId === undefined && receipt.outcome === 'rejected'),
        );
        if (at < 0) continue;
        waiting.splice(at, 1);
        collected.push(receipt);
        if (waiting.length === 0) return { kind: 'receipts', receipts: collected, streamSeq: ack.seq };
      }
    } finally {
      clearTimeout(timer);
    }
    return { kind: 'no-receipt', receipts: collected, streamSeq: ack.seq, waitedMs: Date.now() - started };
  } finally {
    receipts.unsubscribe();
  }
}

/**
 * Puts one event on the agency's subject, signature in its header, and returns JetStream's ack
 * without waiting for the hub's receipt.
 */
export async function sendCaseEvent(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  payload: string,
  options: {
    signature?: string;
    dedupe?: boolean;
    niem?: boolean;
    headers?: Record<string, string>;
    eventId?: string;
  },
): Promise<PubAck> {
  const msgID =
    options.dedupe === false ? undefined : jetstreamMessageId(payload, options.signature, options.eventId);
  const h = headers();
  for (const [name, value] of Object.entries(options.headers ?? {})) h.set(name, value);
  if (options.signature) h.set(SIGNATURE_HEADER, options.signature);
  const subject = options.niem ? names.agencyNiem(agencyId) : names.agencyEvents(agencyId);
  return jetstream(nc).publish(subject, payload, {
    headers: h,
    ...(msgID ? { msgID } : {}),
  });
}

/** The event's id, when the payload is JSON enough to have one; the hub answers precisely otherwise. */
export function eventIdOf(payload: string): string | undefined {
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JetStream drops a message whose id it saw in the last two minutes, before anyone checks a
 * signature. Keyed on the event id alone, anyone able to send a body could use a guessed event id
 * to make the real event vanish; keyed on the event id, the exact bytes and the signature, only a
 * true repeat (Ed25519 signatures are deterministic) is dropped: the same bytes sent unsigned, or
 * under a wrong signature, first never stand in for the signed event, which reaches ingest, which
 * verifies it and dedupes by (agency, event id).
 */
export function jetstreamMessageId(
  payload: string,
  signature: string | undefined,
  eventId: string | undefined = eventIdOf(payload),
): string {
  const digest = createHash('sha256')
    .update(payload)
    .update('\n')
    .update(signature ?? 'unsigned')
    .digest('base64url')
    .slice(0, 22);
  return eventId ? `${eventId}:${digest}` : digest;
}
