export {
  binarySigningInput,
  generateAgencyKey,
  SIGNATURE_HEADER,
  signClientAssertion,
  signEvent,
} from '@switchboard/event-signature';
export { type CaseEventType, catalogue, type EventData } from '@switchboard/events';
export { type AgencyClient, createAgencyClient, type HttpOutcome, type SignedEvent } from './agency-client';
export { buildCaseEvent, type CaseEventFields, CaseEventInvalid } from './build-case-event';
export { signBinaryEvent } from './sign-binary-event';
export { readSigningKey, type SigningKey, writeSigningKey } from './signing-key-file';
