import {
  type NotificationInput,
  notificationSummary,
  notificationWorkflowId,
  searchAttributes,
} from './contract';

/** How every registrant's own notification workflow is started: its id, summary and search attributes. */
export function notificationChild(notification: NotificationInput) {
  return {
    args: [notification] as [NotificationInput],
    workflowId: notificationWorkflowId(notification),
    staticSummary: notificationSummary(notification),
    typedSearchAttributes: [
      { key: searchAttributes.subjectRef, value: notification.subjectRef },
      { key: searchAttributes.agencyId, value: notification.agencyId },
      { key: searchAttributes.eventType, value: notification.eventType },
      { key: searchAttributes.registrationId, value: notification.registrationId },
      { key: searchAttributes.urgency, value: notification.urgency },
      { key: searchAttributes.deliveryState, value: 'planning' },
    ],
  };
}
