export { createEmailChannel, type EmailChannel, type EmailMessage } from './email';
export {
  type CallLanguage,
  createTelephony,
  isProviderSignatureValid,
  NumberRejected,
  providerSignature,
  spokenMessage,
  spokenReply,
  type Telephony,
  type TelephonyProvider,
  TelephonyUnavailable,
} from './telephony';
export { createWebhookChannel, newWebhookSecret, type WebhookChannel, WebhookFailed } from './webhook';
export { isPublicAddress, privateTargetOf } from './webhook-target';
