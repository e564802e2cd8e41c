import { holdIfBurst, listEventsToStart, whileHolding } from '@switchboard/db';
import type { Logger } from '@switchboard/log';
import { type IngestDeps, startCaseEventWorkflow } from './ingest-case-event';

export interface StoredEventDispatch {
  stop(): Promise<void>;
}

const PAGE = 200;
const IN_FLIGHT = 16;

/**
 * Starts the workflows of events that are stored but not started: those a snapshot import derived
 * (stored with the snapshot, in one transaction), those a coordinator released from a burst hold,
 * and any a crash left between storing and starting. Each goes through burst protection first,
 * unless a coordinator has already released it. Polls; a page at a time, a few at once.
 */
export function startStoredEventDispatch(
  deps: Pick<IngestDeps, 'db' | 'temporal' | 'taskQueue' | 'burst'> & {
    log: Logger;
    everyMs?: number;
    /** Only these agencies' events (a hub sharing its database with others, as tests do); all by default. */
    agencyIds?: string[];
  },
): StoredEventDispatch {
  const { db, log } = deps;
  let running = true;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (running) {
      let page = 0;
      try {
        // One dispatcher at a time across ingest processes; the others wait for the next round.
        const round = await whileHolding(db, 'switchboard:stored-event-dispatch', async () => {
          const rows = await listEventsToStart(db, PAGE, { agencyIds: deps.agencyIds });
          let started = 0;
          let held = 0;
          for (let i = 0; i < rows.length && running; i += IN_FLIGHT) {
            await Promise.all(
              rows.slice(i, i + IN_FLIGHT).map(async (row) => {
                if (!row.hold_id && (await holdIfBurst(db, row, deps.burst))) {
                  held++;
                  return;
                }
                await startCaseEventWorkflow(deps, row);
                started++;
              }),
            );
          }
          if (rows.length > 0) log.info({ started, held }, 'stored case events dispatched');
          return rows.length;
        });
        page = round ?? 0;
      } catch (error) {
        log.error({ err: (error as Error).message }, 'dispatching stored case events failed; will retry');
        page = 0;
      }
      if (running && page < PAGE) await pause(deps.everyMs ?? 1000);
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
