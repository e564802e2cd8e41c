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
export { answerTextKeyword, type TextKeyword, textFooter, textKeyword } from './text-keywords';
export {
  CODE_LIFETIME_MS,
  MAX_FAILED_ATTEMPTS,
  newVerificationCode,
  type VerificationResult,
  verifyContactPoint,
} from './verification-code';
