export {
  actOnNotification,
  type CoordinatorAction,
  confirmInPortal,
  confirmWithLink,
  confirmWithPin,
  confirmWithVoicePin,
  type LinkConfirmation,
  MAX_WRONG_PINS,
  NotificationActionError,
  notificationStatus,
  type PinConfirmation,
} from './notification-actions';
