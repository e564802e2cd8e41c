import type { JsMsg } from '@nats-io/jetstream';
import {
  type BusNames,
  jetstream,
  type NatsConnection,
  publishReceipt,
  type Receipt,
} from '@switchboard/bus';
import { binaryModeHeaders, SIGNATURE_HEADER } from '@switchboard/event-signature';
import { contentModeOf } from '@switchboard/events';
import type { Logger } from '@switchboard/log';
import { inSpan, withTraceOf } from '@switchboard/tracing';
import { type IngestDeps, ingestCaseEvents } from './ingest-case-event';

export interface CaseEventConsumer {
  /** Stops pulling, lets the messages in hand finish, and resolves when all have. */
  stop(): Promise<void>;
}

/** Events worked on at once by one ingest process; each waits mostly on PostgreSQL and Temporal. */
const IN_FLIGHT = 64;

/**
 * Pulls agency events from the shared durable consumer. Several ingest processes may run this at
 * once; JetStream hands each message to one of them. A message is acknowledged only after its
 * receipt is published, so a crash at any point means redelivery, which ingest absorbs.
 */
export async function startCaseEventConsumer(
  deps: IngestDeps & { nc: NatsConnection; names: BusNames; log: Logger },
): Promise<CaseEventConsumer> {
  const { nc, names, log } = deps;
  const changes = nc.subscribe(names.agencyChanged, {
    callback: (_error, message) => deps.agencies.forget(message?.string() || undefined),
  });
  // CloudEvents many at a time; NIEM exchanges one at a time, in order, because a court's update or
  // delete is read against the schedule its earlier message stored.
  const loops = [
    await consumeLoop(names.caseEventStream, names.ingestConsumer, IN_FLIGHT, (m) => handle(m, false)),
    await consumeLoop(names.niemInboxStream, names.niemConsumer, 1, (m) => handle(m, true)),
  ];

  async function consumeLoop(
    stream: string,
    durable: string,
    limit: number,
    work: (message: JsMsg) => Promise<void>,
  ) {
    const messages = await jetstream(nc)
      .consumers.get(stream, durable)
      .then((c) => c.consume({ max_messages: limit * 2 }));
    const inFlight = new Set<Promise<void>>();
    const done = (async () => {
      for await (const message of messages) {
        const task = work(message).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= limit) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    })();
    return { messages, done };
  }

  async function handle(message: JsMsg, niem: boolean): Promise<void> {
    const agencyId = names.agencyFromSubject(message.subject);
    if (!agencyId) {
      log.warn({ subject: message.subject }, 'message outside the agency subject layout; dropped');
      message.term();
      return;
    }
    const headers = headersOf(message);
    const mode = niem ? 'niem' : contentModeOf({ get: (name) => headers[name] });
    try {
      // In the agency's trace when its message carries one (`traceparent`, the CloudEvents
      // distributed-tracing extension); the workflow start below joins it through Temporal's headers.
      await withTraceOf(headers, () =>
        inSpan('ingest case event', { agencyId, contentMode: mode }, async (learned) => {
          const receipts = await ingestCaseEvents(deps, {
            publishedAs: agencyId,
            payload: message.data,
            signature: headers[SIGNATURE_HEADER.toLowerCase()] || undefined,
            niem,
            ...(mode === 'binary' && {
              mode: { kind: 'binary' as const, headers: binaryModeHeaders(headers) },
            }),
            ...(mode === 'batch' && { mode: { kind: 'batch' as const } }),
          });
          const [only] = receipts;
          if (only && receipts.length === 1)
            learned({
              eventId: only.eventId,
              outcome: only.outcome,
              ...(only.outcome !== 'rejected' && {
                caseEventId: only.caseEventId,
                workflowId: only.workflowId,
              }),
            });
          for (const receipt of receipts) {
            await publishReceipt(nc, names, agencyId, receipt);
            logReceipt(agencyId, receipt);
          }
        }),
      );
      message.ack();
    } catch (error) {
      // The hub is unwell, not the event: leave it for redelivery after a pause.
      log.error(
        { agencyId, seq: message.seq, deliveries: message.info.deliveryCount, err: (error as Error).message },
        'ingest failed; will retry',
      );
      message.nak(2000);
    }
  }

  function logReceipt(agencyId: string, receipt: Receipt): void {
    if (receipt.outcome === 'rejected') {
      log.warn(
        {
          agencyId,
          eventId: receipt.eventId,
          code: receipt.code,
          field: receipt.field,
          reason: receipt.message,
        },
        'case event rejected',
      );
    } else {
      log.info(
        { agencyId, eventId: receipt.eventId, outcome: receipt.outcome, workflowId: receipt.workflowId },
        'case event',
      );
    }
  }

  return {
    async stop() {
      changes.unsubscribe();
      for (const { messages } of loops) await messages.close();
      await Promise.all(loops.map(({ done }) => done));
    },
  };
}

/** A message's NATS headers by lower-case name (the first value of each). */
function headersOf(message: JsMsg): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of message.headers?.keys() ?? []) found[name.toLowerCase()] = message.headers!.get(name);
  return found;
}
