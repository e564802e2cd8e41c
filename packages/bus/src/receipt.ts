import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Rejection } from '@switchboard/events';
import type { BusNames } from './subjects';

/** The hub's answer to one published event, sent to the agency's receipts subject. */
export type Receipt =
  | { outcome: 'accepted' | 'duplicate'; eventId: string; caseEventId: string; workflowId: string }
  | ({ outcome: 'rejected'; eventId?: string } & Rejection);

export async function publishReceipt(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  receipt: Receipt,
): Promise<void> {
  await jetstream(nc).publish(names.agencyReceipts(agencyId), JSON.stringify(receipt));
}
