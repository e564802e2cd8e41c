import type { Logger } from '@switchboard/log';

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits. A second signal exits at once, so Ctrl-C
 * twice always ends a process whose shutdown is stuck.
 */
export function stopOnSignal(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: (error as Error).message }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
