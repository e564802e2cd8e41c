export {
  changeRegistration,
  type Enrolment,
  type EnrolmentInput,
  EnrolmentRefused,
  enrol,
  enrolConfirmedInPerson,
  enrolmentInput,
  type RegistrationChange,
  registrationChange,
  requestVerificationCode,
} from './enrolment';
export { recordPhoneReceipt } from './phone-receipts';
export {
  requestSignInCode,
  type SignInAddress,
  signInAddress,
  signInWithCode,
  signInWithCodeInput,
  signInWithInboxKey,
} from './registrant-sign-in';
export {
  CODE_LIFETIME_MS,
  MAX_FAILED_ATTEMPTS,
  newVerificationCode,
  type VerificationResult,
  verifyContactPoint,
} from './verification-code';
