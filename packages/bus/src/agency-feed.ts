import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusNames } from './subjects';

/**
 * Puts one message on an agency's feed and waits for JetStream to store it. `id` is the JetStream
 * message id: a retry within the stream's duplicate window is absorbed, not delivered twice.
 */
export async function publishToAgencyFeed(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  message: { id: string },
): Promise<void> {
  await jetstream(nc).publish(names.agencyFeed(agencyId), JSON.stringify(message), { msgID: message.id });
}
