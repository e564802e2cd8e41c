import { type ChildProcess, spawn } from 'node:child_process';
import { kill } from './hub-process';
import { freePort, portInUse } from './ports';

/** A nats-server of the test's own, on a free port, that the test may kill and start again. */
export interface LocalNatsServer {
  port: number;
  url: string;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function localNatsServer(args: (port: number) => string[]): Promise<LocalNatsServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    async start() {
      child = spawn(process.env.NATS_SERVER_BIN ?? 'nats-server', args(port), { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        if (await portInUse(port)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`nats-server did not start on port ${port}`);
    },
    async kill(signal = 'SIGKILL') {
      if (child) await kill(child, signal);
    },
  };
}
