import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ServiceEndpoints } from './services';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The real ingest app (apps/ingest) as its own OS process, so a test can kill it for real. */
export function spawnIngest(
  services: ServiceEndpoints,
  env: { NATS_PREFIX: string; TEMPORAL_TASK_QUEUE: string; NATS_URL?: string } & Record<string, string>,
): ChildProcess {
  return spawnHubApp('ingest', services, env);
}

/** The real worker app (apps/worker) as its own OS process. */
export function spawnWorker(
  services: ServiceEndpoints,
  env: { TEMPORAL_TASK_QUEUE: string; SMTP_PORT: string } & Record<string, string>,
): ChildProcess {
  return spawnHubApp('worker', services, env);
}

function spawnHubApp(
  app: 'ingest' | 'worker',
  services: ServiceEndpoints,
  env: Record<string, string | undefined>,
) {
  return spawn('node', ['--import', 'tsx', `apps/${app}/src/main.ts`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: services.databaseUrl,
      NATS_URL: services.natsUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_NAMESPACE: services.temporalNamespace,
      ...services.dataKeys,
      LOG_LEVEL: 'warn',
      // The run's tests share seeded agencies and publish far more releases than any real jail:
      // burst protection (tested on agencies of its own) would hold every other test's events.
      BURST_MINIMUM: '1000000000',
      ...env,
    },
  });
}

export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
