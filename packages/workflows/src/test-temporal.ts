import { createRequire } from 'node:module';
import { connectTemporal, connectTemporalWorker } from '@switchboard/temporal';
import { Client, type Connection } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import type { CaseEventActivities, NotificationActivities } from './contract';

/**
 * For the workflow tests beside this file: a client and a worker connection to the run's Temporal
 * dev server for the whole file, and a worker of its own per test running these workflows with
 * the activities a test stands in.
 */
export function useTestTemporal() {
  const temporal = {} as {
    client: Client;
    worker(
      taskQueue: string,
      activities: Partial<NotificationActivities & CaseEventActivities>,
    ): Promise<Worker>;
  };
  let connection: Connection | undefined;
  let nativeConnection: NativeConnection | undefined;
  beforeAll(async () => {
    const services = inject('services');
    connection = await connectTemporal({
      address: services.temporalAddress,
      namespace: services.temporalNamespace,
    });
    nativeConnection = await connectTemporalWorker({
      address: services.temporalAddress,
      namespace: services.temporalNamespace,
    });
    temporal.client = new Client({ connection, namespace: services.temporalNamespace });
    temporal.worker = (taskQueue, activities) =>
      Worker.create({
        connection: nativeConnection!,
        namespace: services.temporalNamespace,
        taskQueue,
        workflowsPath: createRequire(import.meta.url).resolve('./index.ts'),
        activities,
      });
  });
  afterAll(async () => {
    await nativeConnection?.close();
    await connection?.close();
  });
  return temporal;
}
