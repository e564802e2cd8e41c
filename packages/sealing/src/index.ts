export {
  blindIndex,
  type DataKeyring,
  isSealed,
  newDataKey,
  newIndexKey,
  open,
  openOptional,
  parseDataKeys,
  SealingError,
  seal,
  sealedUnder,
  sealOptional,
} from './data-keys';
