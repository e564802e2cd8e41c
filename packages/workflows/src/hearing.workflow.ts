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
  type HearingChange,
  type HearingInput,
  type HearingStatus,
  hearingChangedSignal,
  hearingStatusQuery,
  type NotificationActivities,
  type NotificationInput,
  reminderLabel,
} from './contract';
import { notificationChild } from './notification-child';
import { notifyRegistrationWorkflow } from './notify-registration.workflow';

const { findRegistrationsForSubject, hearingReminderOffsets } = proxyLocalActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** After the hearing time, how long to wait for its outcome before letting the workflow end. */
const OUTCOME_GRACE_MS = 14 * 24 * 3600 * 1000;

/**
 * One hearing, from scheduling to outcome: reminds everyone registered for the subject before it
 * (by default a week and a day before), follows reschedules (reminders move with the date) and
 * cancellations as their events arrive, and ends with the outcome, or two weeks after the date
 * if no outcome ever comes. Started and fed by signal-with-start from each hearing event.
 */
export async function hearingWorkflow(input: HearingInput): Promise<HearingStatus> {
  const status: HearingStatus = { state: 'waiting', remindersSent: [] };
  let changes = 0;
  let latest = '';
  const apply = (change: HearingChange) => {
    // Hearing events are worked on concurrently, so they may arrive here out of order; the
    // event time decides, as everywhere in the hub (ISO instants in UTC compare as strings).
    if (new Date(change.occurredAt).toISOString() < latest) return;
    latest = new Date(change.occurredAt).toISOString();
    changes++;
    if (change.eventType === 'court.hearing_cancelled') status.state = 'cancelled';
    else if (change.eventType === 'court.hearing_outcome') {
      // Continued: adjourned to a date still to come, which a reschedule will bring.
      if (change.outcome !== 'continued') status.state = 'concluded';
    } else if (change.scheduledFor) {
      status.state = 'scheduled';
      status.scheduledFor = change.scheduledFor;
      status.caseEventId = change.caseEventId;
    }
    setCurrentDetails(describe(input, status));
  };
  setHandler(hearingChangedSignal, apply);
  setHandler(hearingStatusQuery, () => status);

  const offsets = await hearingReminderOffsets();
  // The start carries its first change as a signal; a hearing that never got a date waits a day.
  await condition(() => changes > 0, '1 day');

  while (status.state === 'scheduled' && status.scheduledFor && status.caseEventId) {
    const at = Date.parse(status.scheduledFor);
    const seen = changes;
    const sentFor = (beforeMs: number) =>
      status.remindersSent.some((r) => r.beforeMs === beforeMs && r.scheduledFor === status.scheduledFor);
    // Reminders whose time has already passed are skipped: the scheduling notice itself told people.
    const next = offsets
      .filter((beforeMs) => !sentFor(beforeMs) && at - beforeMs > Date.now())
      .sort((a, b) => b - a)[0];
    if (next === undefined) {
      const changed = await condition(
        () => changes !== seen,
        Math.max(0, at + OUTCOME_GRACE_MS - Date.now()),
      );
      if (!changed) status.state = 'passed';
      continue;
    }
    if (await condition(() => changes !== seen, at - next - Date.now())) continue;
    status.remindersSent.push({ beforeMs: next, scheduledFor: status.scheduledFor });
    setCurrentDetails(describe(input, status));
    await remind(input, status.caseEventId, next);
  }
  setCurrentDetails(describe(input, status));
  return status;
}

async function remind(hearing: HearingInput, caseEventId: string, beforeMs: number): Promise<void> {
  let after: string | undefined;
  do {
    const page = await findRegistrationsForSubject({
      agencyId: hearing.agencyId,
      subjectRef: hearing.subjectRef,
      family: 'court',
      after,
    });
    await inBoundedWindow(page.registrationIds, 100, (registrationId) => {
      const notification: NotificationInput = {
        caseEventId,
        registrationId,
        agencyId: hearing.agencyId,
        eventType: 'court.hearing_reminder',
        subjectRef: hearing.subjectRef,
        urgency: 'normal',
        reminderBeforeMs: beforeMs,
      };
      return executeChild(notifyRegistrationWorkflow, notificationChild(notification));
    });
    after = page.next;
  } while (after);
}

function describe(input: HearingInput, status: HearingStatus): string {
  const lines = [
    `**${status.state}** — hearing \`${input.hearingId}\` for subject \`${input.subjectRef}\` (${input.agencyId})`,
  ];
  if (status.scheduledFor) lines.push(`scheduled for ${status.scheduledFor}`);
  for (const r of status.remindersSent)
    lines.push(`reminder ${reminderLabel(r.beforeMs)} before ${r.scheduledFor} sent`);
  lines.push(`workflow ${workflowInfo().workflowId}`);
  return lines.join('\n\n');
}
