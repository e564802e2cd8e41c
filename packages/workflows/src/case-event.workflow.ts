import { ParentClosePolicy, proxyLocalActivities, startChild } from '@temporalio/workflow';
import {
  type CaseEventInput,
  type CaseEventResult,
  type NotificationActivities,
  type NotificationInput,
  notificationSummary,
  notificationWorkflowId,
  searchAttributes,
} from './contract';
import { notifyRegistrationWorkflow } from './notify-registration.workflow';

// A short read, run as a local activity: in the worker, right after the workflow task, with no
// round trip through the server's task queue.
const { findRegistrationsForSubject } = proxyLocalActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One case event: find who opted in for its subject, and start a notification for each of them.
 * Each registrant's notification is a child of its own that may stay open for a day when urgent
 * news waits for confirmation, so this workflow ends once they have all started.
 */
export async function caseEventWorkflow(input: CaseEventInput): Promise<CaseEventResult> {
  if (!input.notifies) return { notified: 0, skipped: 'not-notifiable' };
  // Old news arriving late: the later event already told registrants how things stand.
  if (input.supersededBy) return { notified: 0, skipped: 'superseded' };
  const family = input.type.split('.')[0] ?? input.type;
  const registrationIds = await findRegistrationsForSubject({ subjectRef: input.subjectRef, family });

  await Promise.all(
    registrationIds.map((registrationId) => {
      const notification: NotificationInput = {
        caseEventId: input.caseEventId,
        registrationId,
        agencyId: input.agencyId,
        eventType: input.type,
        subjectRef: input.subjectRef,
        urgency: input.urgency,
      };
      return startChild(notifyRegistrationWorkflow, {
        // Urgent notifications may wait a day for confirmation; they outlive this workflow.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [notification],
        workflowId: notificationWorkflowId(notification),
        staticSummary: notificationSummary(notification),
        typedSearchAttributes: [
          { key: searchAttributes.subjectRef, value: input.subjectRef },
          { key: searchAttributes.agencyId, value: input.agencyId },
          { key: searchAttributes.eventType, value: input.type },
          { key: searchAttributes.registrationId, value: registrationId },
          { key: searchAttributes.urgency, value: input.urgency },
          { key: searchAttributes.deliveryState, value: 'planning' },
        ],
      });
    }),
  );

  return { notified: registrationIds.length };
}
