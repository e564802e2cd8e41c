export { createConsentActivities } from './consent-activities';
export { createFeedActivities } from './feed-activities';
export { composeNotice, type Notice, verificationNotice } from './notices/compose-notice';
export { speakable, spelledOut } from './notices/speakable';
export {
  type ActivityDeps,
  createNotificationActivities,
  type NotificationSettings,
} from './notification-activities';
export { createRestorativeActivities } from './restorative-activities';
