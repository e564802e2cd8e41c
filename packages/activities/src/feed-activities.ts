import { findFeedStates, recordFeedHealth } from '@switchboard/db';
import type { FeedActivities } from '@switchboard/workflows/contract';
import type { ActivityDeps } from './notification-activities';

/**
 * Feed health, looked at by the feed's own workflow. A change is recorded once (the row's state is
 * the guard), and only the check that changed it alerts: the coordinators' desk and the agency's
 * own contact, by email. Identifiers and times only; a feed carries no victim's data.
 */
export function createFeedActivities({ db, email, log, settings }: ActivityDeps): FeedActivities {
  return {
    async checkFeedHealth({ agencyId }) {
      const [feed] = await findFeedStates(db, agencyId);
      if (!feed?.heartbeatSeconds) return { health: 'unwatched', changed: false };
      const heard = feed.lastHeardAt ?? feed.since ?? new Date();
      const dueBy = new Date(heard.getTime() + feed.heartbeatSeconds * 1000);
      const health = Date.now() > dueBy.getTime() ? 'unhealthy' : 'healthy';
      const wasUnhealthy = feed.health === 'unhealthy';
      const changed = await recordFeedHealth(db, agencyId, health);
      const facts = {
        dueBy: dueBy.toISOString(),
        ...(feed.lastHeardAt && { lastHeardAt: feed.lastHeardAt.toISOString() }),
      };
      if (changed && (health === 'unhealthy' || wasUnhealthy)) {
        const minutes = Math.max(1, Math.round(feed.heartbeatSeconds / 60));
        const silentSince = feed.lastHeardAt ? feed.lastHeardAt.toISOString() : 'it was first watched';
        const message =
          health === 'unhealthy'
            ? {
                subject: `Feed silent: ${feed.agencyName} (${agencyId})`,
                text: [
                  `The feed of ${feed.agencyName} (${agencyId}) has not spoken since ${silentSince};`,
                  `it is expected at least every ${minutes} minute(s).`,
                  '',
                  'Until it speaks again, victims registered for its subjects may hear of changes late or not at all.',
                  'Please check the agency’s system and its connection to Switchboard.',
                ].join('\n'),
              }
            : {
                subject: `Feed back: ${feed.agencyName} (${agencyId})`,
                text: `The feed of ${feed.agencyName} (${agencyId}) is speaking again (last heard ${facts.lastHeardAt ?? 'now'}).`,
              };
        const to = [settings.coordinatorEmail, feed.contact.includes('@') ? feed.contact : undefined].filter(
          (address): address is string => Boolean(address),
        );
        const since = (await findFeedStates(db, agencyId))[0]?.since?.getTime() ?? Date.now();
        for (const address of to) {
          await email.send({
            to: address,
            ...message,
            language: 'en',
            // One message per change: a retried activity sends the same Message-ID again.
            messageId: `<feed-${health}-${agencyId}-${since}-${address.length}@switchboard>`,
            headers: { 'X-Switchboard-Feed': agencyId },
          });
        }
        log.warn({ agencyId, health, told: to.length }, 'feed health changed');
      }
      return { health, changed, ...facts };
    },
  };
}
