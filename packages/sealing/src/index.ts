export {
  type DataKeyring,
  newDataKey,
  open,
  openOptional,
  parseDataKeys,
  SealingError,
  seal,
  sealedUnder,
  sealOptional,
} from './data-keys';
