import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from './contract';

const { sendVerificationCode } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/** Sends a contact point its verification code; the code is made and stored (hashed) in the activity. */
export async function verifyContactPointWorkflow(input: {
  contactPointId: string;
}): Promise<{ expiresAt: string }> {
  return sendVerificationCode(input);
}
