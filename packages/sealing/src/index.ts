export {
  blindIndex,
  type DataKeyring,
  isSealed,
  newDataKey,
  newIndexKey,
  open,
  openBytes,
  openOptional,
  parseDataKeys,
  SealingError,
  seal,
  sealBytes,
  sealedUnder,
  sealOptional,
} from './data-keys';
export { hashPin, pinMatches } from './pin-hash';
