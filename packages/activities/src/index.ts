export { type ActivityDeps, createNotificationActivities } from './notification-activities';
export { composeNotice, type Notice } from './notices/compose-notice';
