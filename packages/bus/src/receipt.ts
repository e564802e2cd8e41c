import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Rejection } from '@switchboard/events';
import type { BusNames } from './subjects';

/** The hub's answer to one published event, sent to the agency's receipts subject. */
export type Receipt =
  | { outcome: 'accepted' | 'duplicate'; eventId: string; caseEventId: string; workflowId: string }
  /**
   * Stored, but it will tell nobody: the agency has already published a later event about the same
   * thing (`supersededBy`, its event id), which stands.
   */
  | { outcome: 'superseded'; eventId: string; caseEventId: string; workflowId: string; supersededBy: string }
  | ({ outcome: 'rejected'; eventId?: string } & Rejection);

export async function publishReceipt(
  nc: NatsConnection,
  names: BusNames,
  agencyId: string,
  receipt: Receipt,
): Promise<void> {
  await jetstream(nc).publish(names.agencyReceipts(agencyId), JSON.stringify(receipt));
}
