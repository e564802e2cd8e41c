import { createServer } from 'node:net';

/** A port nothing on 127.0.0.1 listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something holds the port on 127.0.0.1 (a listener on any address counts). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer().listen(port, '127.0.0.1');
    probe.once('listening', () => probe.close(() => resolve(false)));
    probe.once('error', () => resolve(true));
  });
}
