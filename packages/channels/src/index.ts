export { createEmailChannel, type EmailChannel, type EmailMessage } from './email';
