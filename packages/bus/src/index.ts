export { jetstream, jetstreamManager } from '@nats-io/jetstream';
export { publishToAgencyFeed } from './agency-feed';
export {
  agencyInboxPrefix,
  agencyPermissions,
  createNatsUser,
  type NatsUser,
  natsAuthorizationInclude,
  natsServerConfig,
  natsUserFromSeed,
} from './agency-permissions';
export { connectBus, connectHubBus, type NatsConnection } from './connect';
export {
  type BatchOutcome,
  eventIdOf,
  jetstreamMessageId,
  type PublishOutcome,
  publishCaseEvent,
  publishCaseEventBatch,
  sendCaseEvent,
} from './publish-case-event';
export { publishReceipt, type Receipt } from './receipt';
export { type BusNames, busNames } from './subjects';
export { deleteTopology, ensureTopology } from './topology';
