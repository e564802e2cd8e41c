export { CodecRequestError, runCodec } from './codec-server';
export {
  payloadKeyId,
  SEALED_ENCODING,
  SealedPayloadCodec,
  sealedDataConverter,
} from './sealed-payload-codec';
