export { binaryModeHeaders, binarySigningInput } from './binary-mode';
export { CLIENT_ASSERTION_TYP, signClientAssertion } from './client-assertion';
export {
  type AgencyKeyPair,
  generateAgencyKey,
  type PublicAgencyKey,
  publicKeyFromJwk,
  SIGNATURE_HEADER,
  SIGNATURE_TYP,
  type SignatureCheck,
  signEvent,
  verifyEventSignature,
} from './event-signature';
