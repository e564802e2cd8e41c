export {
  actOnNotification,
  type CoordinatorAction,
  confirmWithLink,
  type LinkConfirmation,
  NotificationActionError,
  notificationStatus,
} from './notification-actions';
