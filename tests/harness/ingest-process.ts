import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ServiceEndpoints } from './services';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The real ingest app (apps/ingest) as its own OS process, so a test can kill it for real. */
export function spawnIngest(
  services: ServiceEndpoints,
  env: { NATS_PREFIX: string; TEMPORAL_TASK_QUEUE: string; NATS_URL?: string },
): ChildProcess {
  return spawn('node', ['--import', 'tsx', 'apps/ingest/src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: services.databaseUrl,
      NATS_URL: services.natsUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_NAMESPACE: services.temporalNamespace,
      LOG_LEVEL: 'warn',
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
