import { findActiveRegistrationIds, getCaseEventById } from '@switchboard/db';
import {
  hearingChangedSignal,
  hearingWorkflowId,
  type NotificationActivities,
  notificationWorkflowId,
  paroleReviewChangedSignal,
  paroleReviewWorkflowId,
  searchAttributes,
  stopNotificationSignal,
  workflowTypes,
} from '@switchboard/workflows/contract';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ActivityDeps } from './deps';

type Input<K extends keyof NotificationActivities> = Parameters<NotificationActivities[K]>[0];

/** A hearing's own workflow: started by its first event, told of each change after. */
export async function followHearing(
  deps: ActivityDeps,
  { change, ...hearing }: Input<'followHearing'>,
): Promise<void> {
  const { temporal } = deps;
  try {
    await temporal.client.workflow.signalWithStart(workflowTypes.hearing, {
      taskQueue: temporal.taskQueue,
      // A hearing that ended (outcome, cancellation) is not revived by a late, older event.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowId: hearingWorkflowId(hearing.agencyId, hearing.hearingId),
      args: [hearing],
      signal: hearingChangedSignal,
      signalArgs: [change],
      staticSummary: `hearing ${hearing.hearingId} about subject ${hearing.subjectRef} from ${hearing.agencyId}: reminders before it, followed to its outcome`,
      typedSearchAttributes: [
        { key: searchAttributes.subjectRef, value: hearing.subjectRef },
        { key: searchAttributes.agencyId, value: hearing.agencyId },
        { key: searchAttributes.eventType, value: 'court.hearing' },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    deps.log.info(
      { hearingId: hearing.hearingId, eventType: change.eventType },
      'hearing already over; change ignored',
    );
  }
}

/** A parole review's own workflow: statements until its deadline, then the decision. */
export async function followParoleReview(
  deps: ActivityDeps,
  { change, ...review }: Input<'followParoleReview'>,
): Promise<void> {
  const { temporal } = deps;
  try {
    await temporal.client.workflow.signalWithStart(workflowTypes.paroleReview, {
      taskQueue: temporal.taskQueue,
      // A decided review is not revived by a late, older event.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowId: paroleReviewWorkflowId(review.agencyId, review.reviewId),
      args: [review],
      signal: paroleReviewChangedSignal,
      signalArgs: [change],
      staticSummary: `parole review ${review.reviewId} about subject ${review.subjectRef} from ${review.agencyId}: victims' statements until its deadline, then the decision`,
      typedSearchAttributes: [
        { key: searchAttributes.subjectRef, value: review.subjectRef },
        { key: searchAttributes.agencyId, value: review.agencyId },
        { key: searchAttributes.eventType, value: 'parole.review' },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    deps.log.info({ reviewId: review.reviewId, eventType: change.eventType }, 'parole review already over');
  }
}

/** A retraction or a safety decision: every notification about the event is told to stop. */
export async function stopNotificationsAbout(
  deps: ActivityDeps,
  { caseEventId, agencyId }: Input<'stopNotificationsAbout'>,
): Promise<{ stopped: number }> {
  const event = await getCaseEventById(deps.db, caseEventId);
  const registrationIds = await findActiveRegistrationIds(deps.db, {
    agencyId,
    subjectRef: event.subject_ref,
  });
  // Signalled straight away, a few at a time: one that already ended (or never began) answers
  // "not found", which is all we need to know.
  let stopped = 0;
  for (let i = 0; i < registrationIds.length; i += 16) {
    await Promise.all(
      registrationIds.slice(i, i + 16).map(async (registrationId) => {
        try {
          await deps.temporal.client.workflow
            .getHandle(notificationWorkflowId({ agencyId, caseEventId, registrationId }))
            .signal(stopNotificationSignal);
          stopped++;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      }),
    );
  }
  return { stopped };
}
