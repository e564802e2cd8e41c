import {
  condition,
  executeChild,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { inBoundedWindow } from './bounded';
import {
  type NotificationActivities,
  type NotificationInput,
  type ParoleReviewChange,
  type ParoleReviewInput,
  type ParoleReviewStatus,
  paroleReviewChangedSignal,
  paroleReviewStatusQuery,
  submitImpactStatementUpdate,
} from './contract';
import { notificationChild } from './notification-child';
import { notifyRegistrationWorkflow } from './notify-registration.workflow';

const { findRegistrationsForSubject, statementReminderOffset, acceptImpactStatement } =
  proxyLocalActivities<NotificationActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });

/** After the review's date, how long to wait for the board's decision before letting go. */
const DECISION_GRACE_MS = 60 * 24 * 3600 * 1000;

/**
 * One parole review: the window for victims' impact statements is open from its scheduling until
 * the board's deadline (the review's date when it gave none). Statements arrive as an update,
 * already sealed in PostgreSQL (the update carries ids only); registrants who have not written are
 * reminded before the window closes; a reschedule moves the window; the decision ends it.
 */
export async function paroleReviewWorkflow(input: ParoleReviewInput): Promise<ParoleReviewStatus> {
  const status: ParoleReviewStatus = { state: 'waiting', statementsFrom: [], remindersSent: 0 };
  let changes = 0;
  let latest = '';
  const show = () => setCurrentDetails(describe(input, status));
  const windowOpen = () =>
    status.statementDeadline !== undefined && Date.now() < Date.parse(status.statementDeadline);

  setHandler(paroleReviewChangedSignal, (change: ParoleReviewChange) => {
    // Events are worked on concurrently: the event time decides, as everywhere in the hub.
    const at = new Date(change.occurredAt).toISOString();
    if (at < latest || status.state === 'decided') return;
    latest = at;
    changes++;
    if (change.eventType === 'parole.decision') {
      status.state = 'decided';
      status.decision = change.decision;
    } else {
      status.scheduledFor = change.scheduledFor;
      status.statementDeadline = change.statementDeadline ?? change.scheduledFor;
      status.caseEventId = change.caseEventId;
      status.state = windowOpen() ? 'open' : 'closed';
    }
    show();
  });
  setHandler(paroleReviewStatusQuery, () => status);
  setHandler(
    submitImpactStatementUpdate,
    async ({ registrationId, statementId }) => {
      await acceptImpactStatement({ statementId, reviewWorkflowId: workflowInfo().workflowId });
      if (!status.statementsFrom.includes(registrationId)) status.statementsFrom.push(registrationId);
      show();
      return { acceptedAt: new Date().toISOString(), deadline: status.statementDeadline! };
    },
    {
      validator: ({ registrationId, statementId }) => {
        if (typeof registrationId !== 'string' || typeof statementId !== 'string') {
          throw new Error('a statement is submitted by its registration and statement ids');
        }
        if (status.state === 'decided') throw new Error('the board has already decided this review');
        if (status.state !== 'open' || !windowOpen()) {
          throw new Error(
            status.statementDeadline
              ? `the window for statements closed at ${status.statementDeadline}`
              : 'no window for statements is open',
          );
        }
      },
    },
  );

  const reminderOffset = await statementReminderOffset();
  // Signal-with-start: the first change is already here.
  await condition(() => changes > 0, '1 day');
  let remindedFor: string | undefined;
  while (status.state === 'open' || status.state === 'closed') {
    const seen = changes;
    const changed = (ms: number) => condition(() => changes !== seen, Math.max(1, ms));
    if (status.state === 'open') {
      const deadline = Date.parse(status.statementDeadline!);
      const remindAt = deadline - reminderOffset;
      // A window shorter than the reminder offset gets no reminder: the notice itself was the news.
      if (remindedFor !== status.statementDeadline && remindAt > Date.now()) {
        if (await changed(remindAt - Date.now())) continue;
        remindedFor = status.statementDeadline;
        await remindThoseWhoHaveNotWritten(input, status, reminderOffset);
      } else if (!(await changed(deadline - Date.now()))) {
        status.state = 'closed';
      }
    } else {
      const reviewAt = Date.parse(status.scheduledFor ?? status.statementDeadline!);
      if (!(await changed(reviewAt + DECISION_GRACE_MS - Date.now()))) status.state = 'lapsed';
    }
    show();
  }
  return status;
}

async function remindThoseWhoHaveNotWritten(
  review: ParoleReviewInput,
  status: ParoleReviewStatus,
  beforeMs: number,
): Promise<void> {
  let after: string | undefined;
  do {
    const page = await findRegistrationsForSubject({
      agencyId: review.agencyId,
      subjectRef: review.subjectRef,
      family: 'parole',
      after,
    });
    const waiting = page.registrationIds.filter((id) => !status.statementsFrom.includes(id));
    await inBoundedWindow(waiting, 100, (registrationId) => {
      const notification: NotificationInput = {
        caseEventId: status.caseEventId!,
        registrationId,
        agencyId: review.agencyId,
        eventType: 'parole.statement_reminder',
        subjectRef: review.subjectRef,
        urgency: 'normal',
        reminderBeforeMs: beforeMs,
      };
      return executeChild(notifyRegistrationWorkflow, notificationChild(notification));
    });
    status.remindersSent += waiting.length;
    after = page.next;
  } while (after);
}

function describe(input: ParoleReviewInput, status: ParoleReviewStatus): string {
  const lines = [
    `**${status.state}** — parole review \`${input.reviewId}\` for subject \`${input.subjectRef}\` (${input.agencyId})`,
  ];
  if (status.scheduledFor) lines.push(`review on ${status.scheduledFor}`);
  if (status.statementDeadline) lines.push(`statements until ${status.statementDeadline}`);
  lines.push(
    `${status.statementsFrom.length} statement(s) accepted, ${status.remindersSent} reminder(s) sent`,
  );
  if (status.decision) lines.push(`decision: ${status.decision}`);
  lines.push(`workflow ${workflowInfo().workflowId}`);
  return lines.join('\n\n');
}
