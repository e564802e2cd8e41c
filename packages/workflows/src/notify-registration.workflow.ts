import {
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type ConfirmedBy,
  confirmNotificationUpdate,
  type DeliveryState,
  type NotificationActivities,
  type NotificationInput,
  type NotificationStatus,
  notificationStatusQuery,
  resendNotificationSignal,
  searchAttributes,
  stopNotificationSignal,
} from './contract';

// Delivery is idempotent per (event, registration, channel, round), so retrying it is always safe.
const deliveryRetry = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' };
const { escalateUnconfirmed, recordConfirmation } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: deliveryRetry,
});
const { planNotification, safetyHoldOf } = proxyLocalActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One registrant, one event. Normal news is sent once, after the registrant's quiet hours.
 * Urgent news is sent at once and repeated on the registrant's schedule until they confirm (a
 * link or PIN) or a coordinator marks it confirmed by phone; unconfirmed at the end of the
 * schedule, it goes to their advocate and the coordinators' desk and stays open until a person
 * confirms or stops it. Confirmation stops everything at once.
 */
export async function notifyRegistrationWorkflow(input: NotificationInput): Promise<NotificationStatus> {
  const status: NotificationStatus = { state: 'planning', rounds: 0 };
  let stopped = false;
  let resendRequested = false;
  let asksConfirmation = false;

  const enter = (state: DeliveryState) => {
    status.state = state;
    upsertSearchAttributes([{ key: searchAttributes.deliveryState, value: state }]);
    setCurrentDetails(describe(input, status));
  };

  setHandler(notificationStatusQuery, () => status);
  setHandler(stopNotificationSignal, () => {
    stopped = true;
  });
  setHandler(resendNotificationSignal, () => {
    resendRequested = true;
  });
  setHandler(
    confirmNotificationUpdate,
    ({ by }: { by: ConfirmedBy }) => {
      status.confirmedBy ??= by;
      return status;
    },
    {
      validator: ({ by }: { by: ConfirmedBy }) => {
        if (!['link', 'pin', 'coordinator', 'portal'].includes(by))
          throw new Error(`unknown confirmation source ${by}`);
        if (!asksConfirmation) throw new Error('this notification does not ask for confirmation');
        if (stopped) throw new Error('this notification was stopped');
      },
    },
  );
  const confirmed = () => status.confirmedBy !== undefined;

  const plan = await planNotification({ registrationId: input.registrationId, urgency: input.urgency });
  if ('skip' in plan) {
    enter('skipped');
    return status;
  }
  asksConfirmation = plan.confirmation !== undefined;
  const { deliverNotice } = proxyActivities<NotificationActivities>({
    startToCloseTimeout: plan.deliveryTimeoutMs ?? '1 minute',
    retry: deliveryRetry,
  });

  if (plan.holdUntil) {
    status.holdUntil = plan.holdUntil;
    enter('held-quiet-hours');
    await condition(() => stopped || resendRequested, Math.max(0, Date.parse(plan.holdUntil) - Date.now()));
    status.holdUntil = undefined;
    if (stopped) {
      enter('stopped');
      return status;
    }
  }

  // A safety hold keeps every round back (the first, repeats, a coordinator's resend) until it is
  // released or lapses; the registrant is told nothing of it. Looked at again on the hub's schedule.
  const waitOutSafetyHolds = async () => {
    // Histories recorded before safety holds existed replay without the check.
    if (!patched('safety-holds')) return;
    for (;;) {
      const hold = await safetyHoldOf({
        caseEventId: input.caseEventId,
        registrationId: input.registrationId,
      });
      if (!hold || stopped || confirmed()) return;
      status.heldForSafetyUntil = hold.until;
      enter('held-for-safety');
      await condition(() => stopped || confirmed(), Math.max(0, Date.parse(hold.lookAgainAt) - Date.now()));
      status.heldForSafetyUntil = undefined;
    }
  };

  const sendRound = async () => {
    await waitOutSafetyHolds();
    resendRequested = false;
    status.rounds++;
    enter('sending');
    if (confirmed() || stopped) return;
    // Side by side: a channel whose provider is down and retrying holds up none of the others.
    await Promise.all(
      plan.channels.map((channel) =>
        deliverNotice({
          caseEventId: input.caseEventId,
          registrationId: input.registrationId,
          channel,
          round: status.rounds,
          confirmWorkflowId: plan.confirmation ? workflowInfo().workflowId : undefined,
          reminderBeforeMs: input.reminderBeforeMs,
        }),
      ),
    );
  };
  await sendRound();

  if (plan.confirmation) {
    const { repeatEveryMs, repeatForMs } = plan.confirmation;
    const deadline = Date.now() + repeatForMs;
    const settled = () => confirmed() || stopped;
    enter('awaiting-confirmation');
    while (!settled() && Date.now() < deadline) {
      await condition(() => settled() || resendRequested, Math.min(repeatEveryMs, deadline - Date.now()));
      if (settled() || (Date.now() >= deadline && !resendRequested)) break;
      await sendRound();
      if (!settled()) enter('awaiting-confirmation');
    }
    if (!settled()) {
      await escalateUnconfirmed({
        caseEventId: input.caseEventId,
        registrationId: input.registrationId,
        rounds: status.rounds,
      });
      enter('escalated');
      // A person owns it now: it stays open until someone confirms or stops it; resends still work.
      while (!settled()) {
        await condition(() => settled() || resendRequested);
        if (resendRequested && !settled()) {
          await sendRound();
          if (!settled()) enter('escalated');
        }
      }
    }
    if (status.confirmedBy) {
      await recordConfirmation({
        caseEventId: input.caseEventId,
        registrationId: input.registrationId,
        by: status.confirmedBy,
      });
      enter('confirmed');
    } else {
      enter('stopped');
    }
    return status;
  }

  enter(stopped ? 'stopped' : 'delivered');
  return status;
}

/** The details pane a coordinator reads in Temporal UI. Identifiers only. */
function describe(input: NotificationInput, status: NotificationStatus): string {
  const lines = [
    `**${status.state}** — ${input.urgency} notice of \`${input.eventType}\``,
    `subject \`${input.subjectRef}\` from \`${input.agencyId}\`, registration \`${input.registrationId}\``,
    `sent ${status.rounds} time(s)`,
  ];
  if (status.holdUntil) lines.push(`held for quiet hours until ${status.holdUntil}`);
  if (status.heldForSafetyUntil) lines.push(`held for safety until ${status.heldForSafetyUntil}`);
  if (status.confirmedBy) lines.push(`confirmed by ${status.confirmedBy}`);
  if (status.state === 'awaiting-confirmation' || status.state === 'escalated') {
    lines.push('coordinators: `switchboard notification confirm|resend|stop <workflow id>`');
  }
  return lines.join('\n\n');
}
