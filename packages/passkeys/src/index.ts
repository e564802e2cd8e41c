export {
  checkPasskey,
  PASSKEY_FRESH_MS,
  PasskeyRefused,
  passkeyCheckOptions,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  type RegistrantSession,
  type RelyingParty,
  registerPasskey,
  relyingPartyOf,
  requireFreshPasskey,
  signInWithPasskey,
} from './passkeys';
