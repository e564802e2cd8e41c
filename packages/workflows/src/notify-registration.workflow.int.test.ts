import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  confirmNotificationUpdate,
  type NotificationActivities,
  type NotificationInput,
  type NotificationPlan,
  type NotificationStatus,
  notificationStatusQuery,
  resendNotificationSignal,
  stopNotificationSignal,
} from './contract';
import { useTestTemporal } from './test-temporal';

/**
 * One registrant's notification against the real Temporal dev server, activities stood in for,
 * with the urgent schedule shortened to seconds.
 */
describe('notifyRegistrationWorkflow', () => {
  const server = useTestTemporal();

  const urgentPlan: NotificationPlan = {
    channels: ['email'],
    confirmation: { repeatEveryMs: 1000, repeatForMs: 3500 },
  };

  /** Starts the workflow on a worker of its own; `scenario` drives it and returns when done. */
  async function withNotification<T>(
    plan: NotificationPlan,
    scenario: (handle: WorkflowHandle, record: Recorded) => Promise<T>,
    urgency: NotificationInput['urgency'] = 'urgent',
    standIns: Partial<NotificationActivities> = {},
  ): Promise<T> {
    const taskQueue = `notify-test-${Math.random().toString(36).slice(2)}`;
    const record: Recorded = { rounds: [], escalations: 0, confirmations: [] };
    const worker = await server.worker(taskQueue, {
      planNotification: async () => plan,
      safetyHoldOf: async () => undefined,
      deliverNotice: async ({ round, confirmWorkflowId }) => {
        record.rounds.push({ round, asksConfirmation: confirmWorkflowId !== undefined });
        return { deliveryId: `d-${round}`, status: 'sent', alreadySent: false };
      },
      escalateUnconfirmed: async () => {
        record.escalations++;
        return { advocate: true, coordinators: true };
      },
      recordConfirmation: async ({ by }) => {
        record.confirmations.push(by);
      },
      ...standIns,
    } satisfies Partial<NotificationActivities>);
    const input: NotificationInput = {
      caseEventId: 'ce-1',
      registrationId: 'reg-1',
      agencyId: 'county-jail',
      eventType: 'custody.escaped',
      subjectRef: 'SUBJ-1',
      urgency,
    };
    return worker.runUntil(async () => {
      const handle = await server.client.workflow.start('notifyRegistrationWorkflow', {
        taskQueue,
        workflowId: `notify-${taskQueue}`,
        args: [input],
      });
      return scenario(handle, record);
    });
  }

  it('sends normal news once and asks nothing', async () => {
    const { status, record } = await withNotification(
      { channels: ['email'] },
      async (handle, record) => ({ status: (await handle.result()) as NotificationStatus, record }),
      'high',
    );
    expect(status).toMatchObject({ state: 'delivered', rounds: 1 });
    expect(record.rounds).toEqual([{ round: 1, asksConfirmation: false }]);
  });

  it('repeats urgent news on schedule, then escalates, and a coordinator closes it by phone', async () => {
    const { status, record, before } = await withNotification(urgentPlan, async (handle, record) => {
      await waitFor(() => record.escalations === 1, 10_000);
      const before = await handle.query(notificationStatusQuery);
      await handle.executeUpdate(confirmNotificationUpdate, { args: [{ by: 'coordinator' }] });
      return { status: (await handle.result()) as NotificationStatus, record, before };
    });
    expect(before.state).toBe('escalated');
    // Sent at 0 s, then at 1, 2 and 3 s; the window closes at 3.5 s.
    expect(record.rounds.map((r) => r.round)).toEqual([1, 2, 3, 4]);
    expect(record.rounds.every((r) => r.asksConfirmation)).toBe(true);
    expect(status).toMatchObject({ state: 'confirmed', confirmedBy: 'coordinator', rounds: 4 });
    expect(record.confirmations).toEqual(['coordinator']);
  });

  it('stops at once when the registrant confirms: no more rounds, no escalation', async () => {
    const { status, record } = await withNotification(urgentPlan, async (handle, record) => {
      await waitFor(() => record.rounds.length === 1, 5000);
      await handle.executeUpdate(confirmNotificationUpdate, { args: [{ by: 'link' }] });
      const status = (await handle.result()) as NotificationStatus;
      await new Promise((resolve) => setTimeout(resolve, 1500)); // past the next scheduled round
      return { status, record };
    });
    expect(status).toMatchObject({ state: 'confirmed', confirmedBy: 'link', rounds: 1 });
    expect(record.rounds).toHaveLength(1);
    expect(record.escalations).toBe(0);
  });

  it('a coordinator can stop urgent news; nothing is escalated', async () => {
    const { status, record } = await withNotification(urgentPlan, async (handle, record) => {
      await waitFor(() => record.rounds.length === 1, 5000);
      await handle.signal(stopNotificationSignal);
      return { status: (await handle.result()) as NotificationStatus, record };
    });
    expect(status.state).toBe('stopped');
    expect(record.escalations).toBe(0);
    expect(record.confirmations).toEqual([]);
  });

  it('refuses a confirmation for news that asks none', async () => {
    const refusal = await withNotification(
      { channels: ['email'], holdUntil: new Date(Date.now() + 3_600_000).toISOString() },
      async (handle) => {
        await waitFor(async () => (await handle.query(notificationStatusQuery)).state === 'held-quiet-hours');
        const refusal = await handle
          .executeUpdate(confirmNotificationUpdate, { args: [{ by: 'link' }] })
          .catch(
            (error: Error) => `${error.message}: ${error.cause instanceof Error ? error.cause.message : ''}`,
          );
        await handle.signal(stopNotificationSignal);
        await handle.result();
        return refusal;
      },
      'normal',
    );
    expect(refusal).toMatch(/does not ask for confirmation/);
  });

  it('holds normal news through quiet hours; a coordinator resend sends it now', async () => {
    const holdUntil = new Date(Date.now() + 3_600_000).toISOString();
    const { held, status, record } = await withNotification(
      { channels: ['email'], holdUntil },
      async (handle, record) => {
        await waitFor(async () => (await handle.query(notificationStatusQuery)).state === 'held-quiet-hours');
        const held = await handle.query(notificationStatusQuery);
        const sentWhileHeld = record.rounds.length;
        await handle.signal(resendNotificationSignal);
        const status = (await handle.result()) as NotificationStatus;
        return { held: { ...held, sentWhileHeld }, status, record };
      },
      'normal',
    );
    expect(held).toMatchObject({ state: 'held-quiet-hours', holdUntil, sentWhileHeld: 0 });
    expect(status).toMatchObject({ state: 'delivered', rounds: 1 });
    expect(record.rounds).toHaveLength(1);
  });

  it('keeps every round back while a safety hold stands, a resend included, and sends when it ends', async () => {
    let looks = 0;
    const until = new Date(Date.now() + 60_000).toISOString();
    const { seen, status, record } = await withNotification(
      { channels: ['email'] },
      async (handle, record) => {
        await waitFor(async () => (await handle.query(notificationStatusQuery)).state === 'held-for-safety');
        const seen = {
          ...(await handle.query(notificationStatusQuery)),
          sentWhileHeld: record.rounds.length,
        };
        await handle.signal(resendNotificationSignal);
        const status = (await handle.result()) as NotificationStatus;
        return { seen, status, record };
      },
      'normal',
      {
        // Held for the first three looks, a few hundred milliseconds apart; then released.
        safetyHoldOf: async () =>
          ++looks <= 3 ? { until, lookAgainAt: new Date(Date.now() + 300).toISOString() } : undefined,
      },
    );
    expect(seen).toMatchObject({ state: 'held-for-safety', heldForSafetyUntil: until, sentWhileHeld: 0 });
    expect(looks).toBe(4);
    expect(status).toMatchObject({ state: 'delivered', rounds: 1 });
    expect(record.rounds).toHaveLength(1);
  });
});

interface Recorded {
  rounds: { round: number; asksConfirmation: boolean }[];
  escalations: number;
  confirmations: string[];
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
