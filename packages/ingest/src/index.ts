export { type CaseEventConsumer, startCaseEventConsumer } from './case-event-consumer';
export { type IngestDeps, ingestCaseEvent } from './ingest-case-event';
