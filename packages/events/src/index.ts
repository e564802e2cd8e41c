export {
  type AgencyId,
  type AgencyKind,
  agencyId,
  agencyIdFromSource,
  agencyKind,
  agencyKinds,
  agencySource,
} from './agency';
export {
  type CaseEventType,
  type CatalogueEntry,
  catalogue,
  catalogueEntry,
  catalogueTypes,
  type EventData,
  isCatalogueType,
  latestVersion,
  orderingKey,
  type Urgency,
} from './catalogue';
export {
  BATCH_CONTENT_TYPE,
  batchEventIds,
  type ContentMode,
  contentModeOf,
  eventsOfBatch,
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  STRUCTURED_CONTENT_TYPE,
  structuredFromBinary,
} from './content-modes';
export { type CaseEventEnvelope, caseEventEnvelope } from './envelope';
export { type EventReferenceEntry, eventReference, eventReferenceMarkdown } from './event-reference';
export { catalogueExamples, exampleEvent, RETRACTED_EXAMPLE } from './examples';
export {
  type CaseEvent,
  MAX_CLOCK_SKEW_MS,
  MAX_EVENT_BYTES,
  type ParseResult,
  parseCaseEvent,
  publisherRejection,
  sizeRejection,
} from './parse-case-event';
export { CaseEventRejected, type Rejection, type RejectionCode, rejectionCodes } from './rejection';
export { hearingTypes } from './types/court';
export { type CustodyReleasedV1, custodyReleasedV1, releaseReasons } from './types/custody-released';
