import { continueAsNew, ParentClosePolicy, proxyLocalActivities, startChild } from '@temporalio/workflow';
import { inBoundedWindow } from './bounded';
import {
  type CaseEventInput,
  type CaseEventResult,
  type HearingChange,
  type NotificationActivities,
  type NotificationInput,
  notificationSummary,
  notificationWorkflowId,
  searchAttributes,
} from './contract';
import { notifyRegistrationWorkflow } from './notify-registration.workflow';

// Short reads, run as local activities: in the worker, right after the workflow task, with no
// round trip through the server's task queue.
const { findRegistrationsForSubject, followHearing } = proxyLocalActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Notifications in flight at once; well under Temporal's limit of pending children per workflow. */
const WINDOW = 100;

/**
 * One case event: find who opted in for its subject, and notify each of them in a child workflow
 * of their own. Registrations are read a page at a time and each further page is worked in a
 * fresh run (continue-as-new), so history and pending children stay bounded for any number of
 * registrants. For ordinary news this workflow ends when everyone has been told. Urgent news may
 * wait a day for each registrant's confirmation, so those children are only started here, outlive
 * this workflow, and are followed in Temporal UI by their own state.
 */
export async function caseEventWorkflow(input: CaseEventInput): Promise<CaseEventResult> {
  if (!input.notifies) return { notified: 0, skipped: 'not-notifiable' };
  // Old news arriving late: the later event already told registrants how things stand.
  if (input.supersededBy) return { notified: 0, skipped: 'superseded' };
  const family = input.type.split('.')[0] ?? input.type;

  let notified = input.fanOut?.notified ?? 0;
  const page = await findRegistrationsForSubject({
    subjectRef: input.subjectRef,
    family,
    after: input.fanOut?.after,
  });
  await inBoundedWindow(page.registrationIds, WINDOW, (registrationId) => notify(input, registrationId));
  notified += page.registrationIds.length;
  if (page.next) {
    return continueAsNew<typeof caseEventWorkflow>({ ...input, fanOut: { after: page.next, notified } });
  }

  // A hearing has a workflow of its own that reminds people before it and follows it to its outcome.
  if (input.hearing) {
    await followHearing({
      agencyId: input.agencyId,
      hearingId: input.hearing.hearingId,
      subjectRef: input.subjectRef,
      change: {
        caseEventId: input.caseEventId,
        occurredAt: input.hearing.occurredAt,
        eventType: input.type as HearingChange['eventType'],
        scheduledFor: input.hearing.scheduledFor,
        outcome: input.hearing.outcome,
      },
    });
  }
  return { notified };
}

async function notify(input: CaseEventInput, registrationId: string): Promise<void> {
  const urgent = input.urgency === 'urgent';
  const notification: NotificationInput = {
    caseEventId: input.caseEventId,
    registrationId,
    agencyId: input.agencyId,
    eventType: input.type,
    subjectRef: input.subjectRef,
    urgency: input.urgency,
  };
  const child = await startChild(notifyRegistrationWorkflow, {
    parentClosePolicy: urgent ? ParentClosePolicy.ABANDON : ParentClosePolicy.TERMINATE,
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
  if (!urgent) await child.result();
}
