export { CodecRequestError, runCodec } from './codec-server';
export {
  SEALED_ENCODING,
  SealedPayloadCodec,
  sealedDataConverter,
} from './sealed-payload-codec';
