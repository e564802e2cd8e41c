export { createEmailChannel, type EmailChannel, type EmailMessage } from './email';
export { createWebhookChannel, newWebhookSecret, type WebhookChannel, WebhookFailed } from './webhook';
