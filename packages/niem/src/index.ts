export { type NiemCaseEvent, niemCaseEvent } from './niem-case-event';
export { type NiemProfile, niemProfile } from './profile';
export {
  MAX_NIEM_BYTES,
  type NiemFacts,
  NiemRefused,
  niemEventId,
  readNiemMessage,
  releaseReason,
} from './read-niem-message';
