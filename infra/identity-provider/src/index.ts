export { signInThroughBrowser } from './browser-sign-in';
export {
  type IdentityProviderOptions,
  type RunningIdentityProvider,
  startIdentityProvider,
} from './identity-provider';
export {
  codeIsValid,
  currentCode,
  makeDemoAccounts,
  type StaffAccount,
  staffAccounts,
} from './staff-accounts';
