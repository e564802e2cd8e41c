import type { JsMsg } from '@nats-io/jetstream';
import { type BusNames, jetstream, type NatsConnection, publishReceipt } from '@switchboard/bus';
import { SIGNATURE_HEADER } from '@switchboard/event-signature';
import type { Logger } from '@switchboard/log';
import { type IngestDeps, ingestCaseEvent } from './ingest-case-event';

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
  const consumer = await jetstream(nc).consumers.get(names.caseEventStream, names.ingestConsumer);
  const messages = await consumer.consume({ max_messages: IN_FLIGHT * 2 });

  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const message of messages) {
      const task = handle(message).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  })();

  async function handle(message: JsMsg): Promise<void> {
    const agencyId = names.agencyFromSubject(message.subject);
    if (!agencyId) {
      log.warn({ subject: message.subject }, 'message outside the agency subject layout; dropped');
      message.term();
      return;
    }
    try {
      const receipt = await ingestCaseEvent(deps, {
        publishedAs: agencyId,
        payload: message.data,
        signature: message.headers?.get(SIGNATURE_HEADER) || undefined,
      });
      await publishReceipt(nc, names, agencyId, receipt);
      message.ack();
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
    } catch (error) {
      // The hub is unwell, not the event: leave it for redelivery after a pause.
      log.error(
        { agencyId, seq: message.seq, deliveries: message.info.deliveryCount, err: (error as Error).message },
        'ingest failed; will retry',
      );
      message.nak(2000);
    }
  }

  return {
    async stop() {
      changes.unsubscribe();
      await messages.close();
      await loop;
    },
  };
}
