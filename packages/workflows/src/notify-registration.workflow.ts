import { proxyActivities } from '@temporalio/workflow';
import type { DeliveryOutcome, NotificationActivities, NotificationInput } from './contract';

// Delivery is idempotent per (event, registration, channel), so retrying it is always safe.
const { deliverEmailNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** One registrant, one channel. Confirmation, quiet hours and escalation will grow here. */
export async function notifyRegistrationWorkflow(input: NotificationInput): Promise<DeliveryOutcome> {
  return deliverEmailNotification({ caseEventId: input.caseEventId, registrationId: input.registrationId });
}
