export { type CaseEventConsumer, startCaseEventConsumer } from './case-event-consumer';
export { type IngestDeps, ingestCaseEvent, type PublishedEvent } from './ingest-case-event';
