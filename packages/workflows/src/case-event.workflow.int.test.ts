import { createRequire } from 'node:module';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type CaseEventInput,
  type NotificationActivities,
  type NotificationStatus,
  notificationWorkflowId,
} from './contract';

/** The workflows alone, against the real Temporal dev server, with activities stood in for. */
describe('caseEventWorkflow', () => {
  let client: Client;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  beforeAll(async () => {
    const services = inject('services');
    connection = await Connection.connect({ address: services.temporalAddress });
    client = new Client({ connection, namespace: services.temporalNamespace });
    nativeConnection = await NativeConnection.connect({ address: services.temporalAddress });
  });
  afterAll(async () => {
    await nativeConnection?.close();
    await connection?.close();
  });

  async function run(registrations: string[], deliver: NotificationActivities['deliverNotice']) {
    const taskQueue = `wf-test-${Math.random().toString(36).slice(2)}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: inject('services').temporalNamespace,
      taskQueue,
      workflowsPath: createRequire(import.meta.url).resolve('./index.ts'),
      activities: {
        // Pages of two, as the real activity pages by its configured size.
        findRegistrationsForSubject: async ({ after }) => {
          const from = after === undefined ? 0 : registrations.indexOf(after) + 1;
          const registrationIds = registrations.slice(from, from + 2);
          return {
            registrationIds,
            next: from + 2 < registrations.length ? registrationIds.at(-1) : undefined,
          };
        },
        planNotification: async () => ({ channels: ['email'] }),
        deliverNotice: deliver,
      } satisfies Partial<NotificationActivities>,
    });
    const input: CaseEventInput = {
      caseEventId: `ce-${taskQueue}`,
      agencyId: 'county-jail',
      eventId: `evt-${taskQueue}`,
      type: 'custody.released',
      subjectRef: 'SUBJ-1',
      urgency: 'high',
      notifies: true,
    };
    return worker.runUntil(async () => {
      const handle = await client.workflow.start('caseEventWorkflow', {
        taskQueue,
        workflowId: `wf-${taskQueue}`,
        args: [input],
      });
      const result = await handle.result();
      // How the first run ended: with continue-as-new when there was more than one page.
      const firstRun = await client.workflow
        .getHandle(handle.workflowId, handle.firstExecutionRunId)
        .fetchHistory();
      const firstRunEnd = firstRun.events?.at(-1)?.eventType;
      // Done by now for ordinary news; read each notification's outcome.
      const notifications = await Promise.all(
        registrations.map(
          (registrationId) =>
            client.workflow
              .getHandle(notificationWorkflowId({ ...input, registrationId }))
              .result() as Promise<NotificationStatus>,
        ),
      );
      return { result, notifications, firstRunEnd };
    });
  }

  it('notifies nobody when nobody registered', async () => {
    const calls: string[] = [];
    const { result } = await run([], async ({ registrationId }) => {
      calls.push(registrationId);
      return { deliveryId: 'd', status: 'sent', alreadySent: false };
    });
    expect(result).toEqual({ notified: 0 });
    expect(calls).toEqual([]);
  });

  it('notifies every registration once, a page per run, retrying a failed delivery until it succeeds', async () => {
    const calls: string[] = [];
    let failuresLeft = 1;
    const { result, notifications, firstRunEnd } = await run(
      ['r-1', 'r-2', 'r-3'],
      async ({ registrationId }) => {
        calls.push(registrationId);
        if (registrationId === 'r-2' && failuresLeft-- > 0) throw new Error('smtp unavailable');
        return { deliveryId: `d-${registrationId}`, status: 'sent', alreadySent: false };
      },
    );
    expect(result).toEqual({ notified: 3 });
    expect(calls.sort()).toEqual(['r-1', 'r-2', 'r-2', 'r-3']);
    expect(notifications.map((n) => n.state)).toEqual(['delivered', 'delivered', 'delivered']);
    // Two pages: the second in a new run, by continue-as-new.
    expect(firstRunEnd).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  });
});
