export {
  type CompensationRules,
  checkEligibility,
  crisisLineFor,
  type EligibilityAnswers,
  type EligibilityReason,
  eligibilityAnswers,
  expenseTypes,
  type HelpData,
  loadHelpData,
  type Service,
  serviceKinds,
  servicesFor,
} from './help';
export { ReferralRefused, referralHelp, referralInput, sendReferral } from './referrals';
