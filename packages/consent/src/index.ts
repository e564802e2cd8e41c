export { authenticateAgency, MAX_ASSERTION_SECONDS } from './client-assertion';
export {
  ConsentError,
  type ConsentField,
  type ConsentGrantInput,
  type ConsentPolicy,
  type ConsentSummary,
  consentFields,
  consentGrantInput,
  consentPurposes,
  consentRegimes,
  consentState,
  grantConsent,
  revokeConsent,
  whoCanSee,
} from './consent-grant';
export { endConsentFollowUp, followConsent, type LifecycleDeps } from './consent-lifecycle';
export {
  CONSENT_TOKEN_TYP,
  type ConsentTokenClaims,
  type ConsentTokenSettings,
  issueConsentToken,
  verifyConsentToken,
} from './consent-token';
export {
  type Disclosure,
  type DisclosureDeps,
  type DisclosureRequest,
  discloseToAgency,
} from './disclosure';
export {
  type ForwardDeps,
  type ForwardedCaseEvent,
  forwardCaseEvent,
} from './forward';
export { HubKeys, type HubKeysOptions } from './hub-keys';
export { MAX_TOKEN_BYTES } from './jwt-shape';
export { Refusal, type RefusalCode } from './refusal';
export {
  type RegistrantDetailInput,
  recordRegistrantDetail,
  registrantDetailInput,
  setAddressConfidentiality,
} from './registrant-details';
