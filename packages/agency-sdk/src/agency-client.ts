import {
  type BusNames,
  busNames,
  type NatsConnection,
  type PublishOutcome,
  publishCaseEvent,
  type Receipt,
} from '@switchboard/bus';
import { SIGNATURE_HEADER, signEvent } from '@switchboard/event-signature';
import type { CaseEventEnvelope, CaseEventType } from '@switchboard/events';
import { buildCaseEvent, type CaseEventFields } from './build-case-event';
import type { SigningKey } from './signing-key-file';

export interface SignedEvent {
  /** The exact bytes that were signed: send these, unchanged. */
  body: string;
  signature: string;
}

export type HttpOutcome = {
  status: number;
  receipt:
    | Receipt
    | { outcome: 'duplicate' | 'queued'; eventId?: string; streamSeq: number; message: string };
};

/** One agency's view of the hub: build, sign and publish its own events. */
export interface AgencyClient {
  agencyId: string;
  build<T extends CaseEventType>(type: T, fields: CaseEventFields<T>): CaseEventEnvelope;
  sign(event: CaseEventEnvelope | string): Promise<SignedEvent>;
  /** Publishes on JetStream and waits for the hub's receipt. */
  publishOverNats(
    nc: NatsConnection,
    event: CaseEventEnvelope | string,
    options?: { prefix?: string },
  ): Promise<PublishOutcome>;
  /** POSTs to the hub's HTTP endpoint; the response carries the receipt. */
  publishOverHttp(baseUrl: string, event: CaseEventEnvelope | string): Promise<HttpOutcome>;
}

export function createAgencyClient(options: { agencyId: string; key: SigningKey }): AgencyClient {
  const { agencyId, key } = options;
  const sign = async (event: CaseEventEnvelope | string): Promise<SignedEvent> => {
    const body = typeof event === 'string' ? event : JSON.stringify(event);
    return { body, signature: await signEvent(body, key) };
  };
  return {
    agencyId,
    build: (type, fields) => buildCaseEvent(agencyId, type, fields),
    sign,
    async publishOverNats(nc, event, publishOptions = {}) {
      const names: BusNames = busNames(publishOptions.prefix ?? 'sb');
      const { body, signature } = await sign(event);
      return publishCaseEvent(nc, names, agencyId, body, { signature });
    },
    async publishOverHttp(baseUrl, event) {
      const { body, signature } = await sign(event);
      const response = await fetch(`${baseUrl.replace(/\/$/, '')}/agencies/${agencyId}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json', [SIGNATURE_HEADER]: signature },
        body,
      });
      return { status: response.status, receipt: (await response.json()) as HttpOutcome['receipt'] };
    },
  };
}
