export { jetstream } from '@nats-io/jetstream';
export { connectBus, type NatsConnection } from './connect';
export { eventIdOf, type PublishOutcome, publishCaseEvent, sendCaseEvent } from './publish-case-event';
export { publishReceipt, type Receipt } from './receipt';
export { type BusNames, busNames } from './subjects';
export { deleteTopology, ensureTopology } from './topology';
