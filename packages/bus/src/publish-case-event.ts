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

/**
 * Publishes one event as an agency would and waits for the hub's receipt. The event id is also the
 * JetStream message id, so a quick repeat is absorbed by the server before ingest even sees it.
 */
export async function publishCaseEvent(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  payload: string,
  options: { signature?: string; timeoutMs?: number; msgId?: false } = {},
): Promise<PublishOutcome> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const eventId = eventIdOf(payload);
  const receipts = nc.subscribe(names.agencyReceipts(agencyId));
  try {
    const ack = await sendCaseEvent(nc, names, agencyId, payload, {
      signature: options.signature,
      msgId: options.msgId === false ? undefined : eventId,
    });
    if (ack.duplicate) return { kind: 'absorbed', streamSeq: ack.seq };

    const started = Date.now();
    const timer = setTimeout(() => receipts.unsubscribe(), timeoutMs);
    try {
      for await (const message of receipts) {
        const receipt = message.json<Receipt>();
        // An event too broken to carry an id is answered without one.
        if (
          receipt.eventId === eventId ||
          (receipt.eventId === undefined && receipt.outcome === 'rejected')
        ) {
          return { kind: 'receipt', receipt, streamSeq: ack.seq };
        }
      }
    } finally {
      clearTimeout(timer);
    }
    return { kind: 'no-receipt', streamSeq: ack.seq, waitedMs: Date.now() - started };
  } finally {
    receipts.unsubscribe();
  }
}

/**
 * Puts one event on the agency's subject, signature in its header, and returns JetStream's ack
 * without waiting for the hub's receipt. The event id doubles as the JetStream message id.
 */
export async function sendCaseEvent(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  payload: string,
  options: { signature?: string; msgId?: string },
): Promise<PubAck> {
  const h = headers();
  if (options.signature) h.set(SIGNATURE_HEADER, options.signature);
  return jetstream(nc).publish(names.agencyEvents(agencyId), payload, {
    headers: h,
    ...(options.msgId ? { msgID: options.msgId } : {}),
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
