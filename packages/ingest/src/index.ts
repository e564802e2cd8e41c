export { type CaseEventConsumer, startCaseEventConsumer } from './case-event-consumer';
export {
  type IngestDeps,
  ingestCaseEvent,
  ingestCaseEvents,
  type PublishedEvent,
  startCaseEventWorkflow,
} from './ingest-case-event';
export { type StoredEventDispatch, startStoredEventDispatch } from './stored-event-dispatch';
