import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest } from '@switchboard/db';
import { newDataKey, newIndexKey } from '@switchboard/sealing';
import { allSearchAttributes } from '@switchboard/workflows/contract';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Where the tests find PostgreSQL, NATS and Temporal; handed from the global setup to each test file. */
export interface ServiceEndpoints {
  databaseUrl: string;
  natsUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  source: 'local' | 'testcontainers';
  /** This run's data keys: every hub and API of the run seals and opens with them. */
  dataKeys: { DATA_KEYS: string; DATA_INDEX_KEY: string };
}

export interface ProvisionedServices {
  endpoints: ServiceEndpoints;
  teardown(): Promise<void>;
}

const randomSuffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * With a Docker engine (and SWITCHBOARD_TESTCONTAINERS not "off"), every service comes from a
 * container. Otherwise the machine's PostgreSQL and NATS are used, with a database of the run's own,
 * and Temporal is the dev server built by infra/ (the SDK's "existing-path" executable).
 */
export async function provisionServices(): Promise<ProvisionedServices> {
  if (process.env.SWITCHBOARD_TESTCONTAINERS !== 'off' && (await dockerEngineAvailable())) {
    const { provisionContainers } = await import('./containers');
    return provisionContainers();
  }
  return provisionLocal();
}

async function provisionLocal(): Promise<ProvisionedServices> {
  quietTemporalRuntime();
  const server = new URL(process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/switchboard_test_${randomSuffix()}`;
  const databaseUrl = server.toString();
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, { maxConnections: 1 });
  await migrateToLatest(db);
  await db.destroy();

  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinary() },
      searchAttributes: allSearchAttributes,
      extraArgs: temporalDevServerArgs,
    },
  });
  return {
    endpoints: {
      databaseUrl,
      natsUrl: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
      temporalAddress: temporal.address,
      temporalNamespace: temporal.namespace ?? 'default',
      source: 'local',
      dataKeys: { DATA_KEYS: newDataKey(), DATA_INDEX_KEY: newIndexKey() },
    },
    async teardown() {
      await temporal.teardown();
      await dropDatabase(databaseUrl);
    },
  };
}

/**
 * Hand an activity to the worker that scheduled it, skipping a matching round trip per activity.
 * BENCH_TEMPORAL_ARGS adds more (space-separated), for a benchmark to measure one lever at a time.
 */
export const temporalDevServerArgs = [
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
  ...(process.env.BENCH_TEMPORAL_ARGS?.split(' ').filter(Boolean) ?? []),
];

export function temporalBinary(): string {
  const path =
    process.env.TEMPORAL_BIN ??
    join(process.env.SWITCHBOARD_CACHE ?? join(homedir(), '.cache', 'switchboard'), 'bin', 'temporal-1.5.1');
  if (!existsSync(path)) {
    throw new Error(`no Temporal dev server at ${path}; run "bash infra/test.sh", which builds it once`);
  }
  return path;
}

async function dockerEngineAvailable(): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

let runtimeInstalled = false;

/** The SDK's INFO lines (worker state changes, retried activities) drown test output; keep WARN and up. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // A runtime already exists in this process (a reused test fork): keep it.
  }
}
