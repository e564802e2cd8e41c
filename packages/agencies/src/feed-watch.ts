import { type Db, type FeedState, findFeedStates, setHeartbeatExpectation } from '@switchboard/db';
import {
  feedExpectationChangedSignal,
  feedHealthWorkflowId,
  searchAttributes,
  workflowTypes,
} from '@switchboard/workflows/contract';
import type { Client } from '@temporalio/client';
import { RegistryError } from './agency-registry';

export interface FeedWatchDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** How often an unhealthy feed is looked at again. */
  recheckSeconds: number;
}

/**
 * Sets how often an agency's feed must speak (any event, a heartbeat, or a snapshot), and watches
 * it from then on: one long-running workflow per agency, started or told of the change
 * (signal-with-start). `null` ends the watch.
 */
export async function expectHeartbeat(
  deps: FeedWatchDeps,
  agencyId: string,
  everySeconds: number | null,
): Promise<FeedState> {
  if (!(await setHeartbeatExpectation(deps.db, agencyId, everySeconds))) {
    throw new RegistryError('unknown_agency', `agency ${agencyId} does not exist`);
  }
  await deps.temporal.workflow.signalWithStart(workflowTypes.feedHealth, {
    taskQueue: deps.taskQueue,
    workflowId: feedHealthWorkflowId(agencyId),
    args: [{ agencyId, recheckMs: deps.recheckSeconds * 1000 }],
    signal: feedExpectationChangedSignal,
    signalArgs: [],
    staticSummary: `feed health of ${agencyId}`,
    typedSearchAttributes: [{ key: searchAttributes.agencyId, value: agencyId }],
  });
  const [state] = await findFeedStates(deps.db, agencyId);
  return state!;
}

/** Every agency's feed (or one): its expectation, its health and when it last spoke. */
export async function feedHealth(deps: { db: Db }, agencyId?: string) {
  const states = await findFeedStates(deps.db, agencyId);
  return states.map((state) => ({
    agencyId: state.agencyId,
    agencyName: state.agencyName,
    heartbeatSeconds: state.heartbeatSeconds,
    health: state.heartbeatSeconds ? state.health : ('unwatched' as const),
    since: state.since?.toISOString() ?? null,
    lastHeardAt: state.lastHeardAt?.toISOString() ?? null,
  }));
}
