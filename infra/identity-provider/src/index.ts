// The accounts and the browser's part, without the provider itself (which loads oidc-provider):
// the CLI needs only these. The provider is `@switchboard/identity-provider/provider`.
export { approveDeviceInBrowser, signInThroughBrowser } from './browser-sign-in';
export {
  codeIsValid,
  currentCode,
  makeDemoAccounts,
  type StaffAccount,
  staffAccounts,
} from './staff-accounts';
