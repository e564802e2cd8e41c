import { createRequire } from 'node:module';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
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
    connection = await Connection.connect({ address: services.temporalAddress });
    nativeConnection = await NativeConnection.connect({ address: services.temporalAddress });
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
