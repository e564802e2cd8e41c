import { createRequire } from 'node:module';
import {
  type ActivityDeps,
  createConsentActivities,
  createFeedActivities,
  createNotificationActivities,
  createRestorativeActivities,
} from '@switchboard/activities';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerPlugin } from '@temporalio/worker';

/** Hosts every Switchboard workflow and activity on one task queue; run as many as you like. */
export async function createHubWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The hub's sealing codec: what the worker reads and writes in Temporal stays sealed. */
  dataConverter: DataConverter;
  deps: ActivityDeps;
  /** Temporal plugins, such as tracing's (`@switchboard/tracing`). */
  plugins?: WorkerPlugin[];
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
    // The SDK bundles the workflow code from source into its deterministic sandbox.
    workflowsPath: createRequire(import.meta.url).resolve('@switchboard/workflows'),
    activities: hubActivities(options.deps),
    plugins: options.plugins ?? [],
  });
}

function hubActivities(deps: ActivityDeps) {
  return {
    ...createNotificationActivities(deps),
    ...createConsentActivities(deps),
    ...createFeedActivities(deps),
    ...createRestorativeActivities(deps),
  };
}
