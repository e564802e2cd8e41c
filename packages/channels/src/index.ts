export { createEmailChannel, type EmailChannel, type EmailMessage } from './email';
export {
  createSmsChannel,
  isProviderSignatureValid,
  providerSignature,
  type SmsChannel,
  SmsFailed,
  type SmsProvider,
  SmsRejected,
} from './sms';
export { createWebhookChannel, newWebhookSecret, type WebhookChannel, WebhookFailed } from './webhook';
