import { proxyLocalActivities } from '@temporalio/workflow';

const { nothing } = proxyLocalActivities<{ nothing(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

/**
 * The ceiling's workflow: one local activity that does nothing, so its rate is the Temporal
 * server's and the SDK's alone, with the least a workflow that does any work must do.
 */
export async function benchTrivialWorkflow(): Promise<void> {
  await nothing();
}
