import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  type HearingChange,
  type HearingStatus,
  hearingChangedSignal,
  hearingStatusQuery,
  type NotificationActivities,
} from './contract';
import { useTestTemporal } from './test-temporal';

/** The hearing workflow alone on the real dev server, reminders 2 s and 1 s before. */
describe('hearingWorkflow', () => {
  const server = useTestTemporal();

  const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
  const change = (
    eventType: HearingChange['eventType'],
    occurredAt: number,
    extra: Partial<HearingChange> = {},
  ) => ({
    caseEventId: `ce-${eventType}-${occurredAt}`,
    occurredAt: new Date(Date.UTC(2026, 10, 21, 9, 0, occurredAt)).toISOString(),
    eventType,
    ...extra,
  });

  async function withHearing<T>(scenario: (run: Run) => Promise<T>): Promise<T> {
    const taskQueue = `hearing-test-${Math.random().toString(36).slice(2)}`;
    const reminders: { caseEventId: string; beforeMs: number }[] = [];
    const worker = await server.worker(taskQueue, {
      hearingReminderOffsets: async () => [2000, 1000],
      findRegistrationsForSubject: async () => ({ registrationIds: ['reg-1'] }),
      planNotification: async () => ({ channels: ['email'] }),
      safetyHoldOf: async () => undefined,
      deliverNotice: async ({ caseEventId, reminderBeforeMs }) => {
        reminders.push({ caseEventId, beforeMs: reminderBeforeMs ?? -1 });
        return { deliveryId: 'd', status: 'sent', alreadySent: false };
      },
    } satisfies Partial<NotificationActivities>);
    return worker.runUntil(async () => {
      const start = (first: HearingChange) =>
        server.client.workflow.signalWithStart('hearingWorkflow', {
          taskQueue,
          workflowId: `hearing-${taskQueue}`,
          args: [{ agencyId: 'riverside-court', hearingId: 'H-1', subjectRef: 'SUBJ-1' }],
          signal: hearingChangedSignal,
          signalArgs: [first],
        });
      return scenario({ start, reminders });
    });
  }

  it('applies changes by event time: an older scheduling arriving after a reschedule is ignored', async () => {
    const { status, reminders } = await withHearing(async ({ start, reminders }) => {
      const later = at(4);
      const handle = await start(change('court.hearing_rescheduled', 20, { scheduledFor: later }));
      await handle.signal(
        hearingChangedSignal,
        change('court.hearing_scheduled', 10, { scheduledFor: at(60) }),
      );
      const seen = await handle.query(hearingStatusQuery);
      expect(seen.scheduledFor).toBe(later);
      await new Promise((resolve) => setTimeout(resolve, 3500)); // both reminders are due by now
      await handle.signal(hearingChangedSignal, change('court.hearing_outcome', 30, { outcome: 'held' }));
      return { status: (await handle.result()) as HearingStatus, reminders };
    });
    expect(status.state).toBe('concluded');
    expect(reminders.map((r) => r.beforeMs)).toEqual([2000, 1000]);
    expect(reminders.every((r) => r.caseEventId === 'ce-court.hearing_rescheduled-20')).toBe(true);
  });

  it('keeps a continued hearing open for its new date, and reminds again for it', async () => {
    const { status, reminders } = await withHearing(async ({ start, reminders }) => {
      const handle = await start(change('court.hearing_scheduled', 10, { scheduledFor: at(0.5) }));
      await handle.signal(
        hearingChangedSignal,
        change('court.hearing_outcome', 20, { outcome: 'continued' }),
      );
      expect((await handle.query(hearingStatusQuery)).state).toBe('scheduled');
      await handle.signal(
        hearingChangedSignal,
        change('court.hearing_rescheduled', 30, { scheduledFor: at(3) }),
      );
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await handle.signal(hearingChangedSignal, change('court.hearing_cancelled', 40));
      return { status: (await handle.result()) as HearingStatus, reminders };
    });
    expect(status.state).toBe('cancelled');
    // None for the first date (too close), both for the new one.
    expect(reminders.map((r) => [r.caseEventId, r.beforeMs])).toEqual([
      ['ce-court.hearing_rescheduled-30', 2000],
      ['ce-court.hearing_rescheduled-30', 1000],
    ]);
  });
});

interface Run {
  start(first: HearingChange): Promise<WorkflowHandle>;
  reminders: { caseEventId: string; beforeMs: number }[];
}
