export {
  identityOf,
  type PendingSignIn,
  type StaffIdentity,
  StaffSignIn,
  StaffSignInRefused,
  type StaffSignInSettings,
} from './staff-sign-in';
