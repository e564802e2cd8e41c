import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import {
  type CaseEventActivities,
  type CaseEventInput,
  type NotificationActivities,
  type NotificationStatus,
  notificationWorkflowId,
} from './contract';
import { useTestTemporal } from './test-temporal';

/** The workflows alone, against the real Temporal dev server, with activities stood in for. */
describe('caseEventWorkflow', () => {
  const server = useTestTemporal();

  /**
   * Runs the workflow over `registrations`, read in pages of two. `send` stands in for one email;
   * the page stand-in keeps the real activity's promise: what was sent is not sent again.
   */
  async function run(
    registrations: string[],
    send: (registrationId: string) => Promise<void>,
    options: { urgency?: CaseEventInput['urgency']; inQuietHours?: string[] } = {},
  ) {
    const taskQueue = `wf-test-${Math.random().toString(36).slice(2)}`;
    const sent = new Set<string>();
    const worker = await server.worker(taskQueue, {
      fanOutPage: async ({ after, urgency }) => {
        const from = after === undefined ? 0 : registrations.indexOf(after) + 1;
        const page = registrations.slice(from, from + 2);
        const next = from + 2 < registrations.length ? page.at(-1) : undefined;
        const outcome = {
          addressed: page.length,
          sent: 0,
          alreadySent: 0,
          skipped: 0,
          own: [] as string[],
          next,
        };
        if (urgency === 'urgent') return { ...outcome, own: page };
        for (const id of page) {
          if (options.inQuietHours?.includes(id)) outcome.own.push(id);
          else if (sent.has(id)) outcome.alreadySent++;
          else {
            await send(id);
            sent.add(id);
            outcome.sent++;
          }
        }
        return outcome;
      },
      // The registrant's own workflow, for the held and the urgent.
      planNotification: async () => ({ channels: ['email'] }),
      safetyHoldOf: async () => undefined,
      deliverNotice: async ({ registrationId }) => {
        await send(registrationId);
        return { deliveryId: `d-${registrationId}`, status: 'sent', alreadySent: false };
      },
    } satisfies Partial<NotificationActivities & CaseEventActivities>);
    const input: CaseEventInput = {
      caseEventId: `ce-${taskQueue}`,
      agencyId: 'county-jail',
      eventId: `evt-${taskQueue}`,
      type: 'custody.released',
      subjectRef: 'SUBJ-1',
      urgency: options.urgency ?? 'high',
      notifies: true,
    };
    return worker.runUntil(async () => {
      const handle = await server.client.workflow.start('caseEventWorkflow', {
        taskQueue,
        workflowId: `wf-${taskQueue}`,
        args: [input],
      });
      const result = await handle.result();
      // How the first run ended: with continue-as-new when there was more than one page.
      const firstRun = await server.client.workflow
        .getHandle(handle.workflowId, handle.firstExecutionRunId)
        .fetchHistory();
      const own = (registrationId: string) =>
        server.client.workflow
          .getHandle(notificationWorkflowId({ ...input, registrationId }))
          .result() as Promise<NotificationStatus>;
      const ownWorkflows = await Promise.all(
        registrations
          .filter((id) => options.urgency === 'urgent' || options.inQuietHours?.includes(id))
          .map(own),
      );
      return { result, firstRunEnd: firstRun.events?.at(-1)?.eventType, ownWorkflows };
    });
  }

  it('notifies nobody when nobody registered', async () => {
    const calls: string[] = [];
    const { result } = await run([], async (id) => {
      calls.push(id);
    });
    expect(result).toEqual({ notified: 0, sent: 0, held: 0 });
    expect(calls).toEqual([]);
  });

  it('sends ordinary news a page per run, retrying a failed page without sending anyone twice', async () => {
    const calls: string[] = [];
    let failuresLeft = 1;
    const { result, firstRunEnd } = await run(['r-1', 'r-2', 'r-3'], async (id) => {
      calls.push(id);
      if (id === 'r-2' && failuresLeft-- > 0) throw new Error('smtp unavailable');
    });
    expect(result).toEqual({ notified: 3, sent: 3, held: 0 });
    // r-2 failed once and was tried again; r-1, already sent, was not.
    expect(calls).toEqual(['r-1', 'r-2', 'r-2', 'r-3']);
    expect(firstRunEnd).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  });

  it('gives registrants in quiet hours, and every registrant of urgent news, a workflow of their own', async () => {
    const held = await run(['r-1', 'r-night'], async () => {}, { inQuietHours: ['r-night'] });
    expect(held.result).toEqual({ notified: 2, sent: 1, held: 1 });
    expect(held.ownWorkflows.map((s) => s.state)).toEqual(['delivered']);

    const sentByOwnWorkflow: string[] = [];
    const urgent = await run(['r-1', 'r-2', 'r-3'], async (id) => void sentByOwnWorkflow.push(id), {
      urgency: 'urgent',
    });
    expect(urgent.result).toEqual({ notified: 3, sent: 0, held: 0 });
    expect(urgent.ownWorkflows.map((s) => s.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(sentByOwnWorkflow.sort()).toEqual(['r-1', 'r-2', 'r-3']);
  });
});
