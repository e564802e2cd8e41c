import { continueAsNew, ParentClosePolicy, proxyLocalActivities, startChild } from '@temporalio/workflow';
import { inBoundedWindow } from './bounded';
import type {
  CaseEventActivities,
  CaseEventInput,
  CaseEventResult,
  HearingChange,
  NotificationActivities,
  NotificationInput,
  ParoleReviewChange,
} from './contract';
import { notificationChild } from './notification-child';
import { notifyRegistrationWorkflow } from './notify-registration.workflow';

// Short reads, run as local activities: in the worker, right after the workflow task, with no
// round trip through the server's task queue.
const { followHearing, followParoleReview, stopNotificationsAbout } =
  proxyLocalActivities<NotificationActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
// A page of the fan-out in one local activity, in the worker that runs this workflow: forwarding
// (first page), finding the page and sending ordinary news to it, with no task round trips per
// registrant. Idempotent per registrant and per forward, so a retry after a crash or an SMTP
// outage sends only what was not sent.
const { fanOutPage } = proxyLocalActivities<CaseEventActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Notifications in flight at once; well under Temporal's limit of pending children per workflow. */
const WINDOW = 100;

/**
 * One case event: forward it to the agencies victims consented to, find who opted in for its
 * subject, and tell them. Registrations are read a page
 * at a time and each further page is worked in a fresh run (continue-as-new), so history and
 * pending children stay bounded for any number of registrants.
 *
 * Ordinary news is sent to the whole page by one local activity; registrants in their quiet hours
 * get a notification workflow of their own that waits for morning. Urgent news gives every
 * registrant a workflow of their own, which asks for confirmation, repeats, escalates and takes
 * coordinators' actions; those outlive this workflow and are followed in Temporal UI by their state.
 */
export async function caseEventWorkflow(input: CaseEventInput): Promise<CaseEventResult> {
  if (!input.notifies) return { notified: 0, skipped: 'not-notifiable' };
  // Old news arriving late: the later event already told registrants how things stand.
  if (input.supersededBy) return { notified: 0, skipped: 'superseded' };
  const family = input.type.split('.')[0] ?? input.type;
  const progress = input.fanOut ?? { after: '', notified: 0, sent: 0, held: 0 };
  // A retraction: whatever of the withdrawn event is still on its way stops, and a correction goes
  // to everyone who was told, and only to them.
  if (input.correction && !input.fanOut) {
    await stopNotificationsAbout({
      caseEventId: input.correction.retractedCaseEventId,
      agencyId: input.agencyId,
    });
  }
  const page = await fanOutPage({
    caseEventId: input.caseEventId,
    agencyId: input.agencyId,
    subjectRef: input.subjectRef,
    family,
    urgency: input.urgency,
    after: input.fanOut?.after,
    // Other agencies hear of it under the victims' consents, once, with the first page.
    forward: !input.fanOut,
    correctionOf: input.correction?.retractedCaseEventId,
  });
  progress.sent += page.sent + page.alreadySent;
  if (input.urgency !== 'urgent') progress.held += page.own.length;
  await inBoundedWindow(page.own, WINDOW, (registrationId) => startNotification(input, registrationId));
  progress.notified += page.addressed;
  if (page.next) {
    return continueAsNew<typeof caseEventWorkflow>({ ...input, fanOut: { ...progress, after: page.next } });
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
  // So has a parole review: the window for victims' statements, a reminder, the decision.
  if (input.paroleReview) {
    await followParoleReview({
      agencyId: input.agencyId,
      reviewId: input.paroleReview.reviewId,
      subjectRef: input.subjectRef,
      change: {
        ...input.paroleReview,
        caseEventId: input.caseEventId,
        eventType: input.type as ParoleReviewChange['eventType'],
      },
    });
  }
  return { notified: progress.notified, sent: progress.sent, held: progress.held };
}

/** A registrant's own notification workflow; it outlives this one (a day of repeats, or a night's wait). */
async function startNotification(input: CaseEventInput, registrationId: string): Promise<void> {
  const notification: NotificationInput = {
    caseEventId: input.caseEventId,
    registrationId,
    agencyId: input.agencyId,
    eventType: input.type,
    subjectRef: input.subjectRef,
    urgency: input.urgency,
  };
  await startChild(notifyRegistrationWorkflow, {
    parentClosePolicy: ParentClosePolicy.ABANDON,
    ...notificationChild(notification),
  });
}
