import {
  condition,
  continueAsNew,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  type FeedActivities,
  type FeedCheck,
  type FeedHealthInput,
  feedExpectationChangedSignal,
  searchAttributes,
} from './contract';

const { checkFeedHealth } = proxyLocalActivities<FeedActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Checks per run before continue-as-new keeps history short for a watch that lasts years. */
const CHECKS_PER_RUN = 100;

/**
 * Watches one agency's feed for as long as it has a heartbeat expectation: asleep until the feed
 * is due to have spoken again, then a look. Silent past its window, the feed turns unhealthy (the
 * activity alerts coordinators and the agency, once); then it is looked at every `recheckMs` until
 * it speaks again and turns healthy. Coordinators find it in Temporal UI by `FeedHealth`.
 */
export async function feedHealthWorkflow(input: FeedHealthInput): Promise<FeedCheck['health']> {
  let expectationChanged = false;
  setHandler(feedExpectationChangedSignal, () => {
    expectationChanged = true;
  });
  for (let i = 0; i < CHECKS_PER_RUN; i++) {
    expectationChanged = false;
    const check = await checkFeedHealth({ agencyId: input.agencyId });
    upsertSearchAttributes([{ key: searchAttributes.feedHealth, value: check.health }]);
    setCurrentDetails(describe(input.agencyId, check));
    if (check.health === 'unwatched') return 'unwatched';
    const wait =
      check.health === 'unhealthy' || !check.dueBy
        ? input.recheckMs
        : Math.max(1000, Date.parse(check.dueBy) - Date.now() + 500);
    await condition(() => expectationChanged, wait);
  }
  return continueAsNew<typeof feedHealthWorkflow>(input);
}

function describe(agencyId: string, check: FeedCheck): string {
  const lines = [`**${check.health}** — feed of \`${agencyId}\``];
  if (check.lastHeardAt) lines.push(`last heard from: ${check.lastHeardAt}`);
  if (check.dueBy) lines.push(`due to speak by: ${check.dueBy}`);
  return lines.join('\n\n');
}
