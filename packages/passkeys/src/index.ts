export {
  checkPasskey,
  PASSKEY_FRESH_MS,
  PasskeyRefused,
  passkeyCheckOptions,
  passkeyRegistrationOptions,
  type RegistrantSession,
  type RelyingParty,
  registerPasskey,
  relyingPartyOf,
  requireFreshPasskey,
} from './passkeys';
