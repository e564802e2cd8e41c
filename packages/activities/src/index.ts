export { composeNotice, type Notice } from './notices/compose-notice';
export { type ActivityDeps, createNotificationActivities } from './notification-activities';
