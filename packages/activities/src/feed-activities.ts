import { findFeedStates, recordFeedHealth } from '@switchboard/db';
import type { FeedActivities } from '@switchboard/workflows/contract';
import type { ActivityDeps } from './notification-activities';

/**
 * Feed health, looked at by the feed's own workflow (one per agency, so one checker). A change to or
 * from unhealthy alerts the coordinators' desk and the agency's own contact by email, then is
 * recorded. Identifiers and times only; a feed carries no victim's data.
 */
export function createFeedActivities({ db, email, log, settings }: ActivityDeps): FeedActivities {
  return {
    async checkFeedHealth({ agencyId }) {
      const [feed] = await findFeedStates(db, agencyId);
      if (!feed?.heartbeatSeconds) return { health: 'unwatched', changed: false };
      const heard = feed.lastHeardAt ?? feed.since ?? new Date();
      const dueBy = new Date(heard.getTime() + feed.heartbeatSeconds * 1000);
      // A feed never heard from stays unhealthy until it speaks (its `since` moves when it turns).
      const silent = Date.now() > dueBy.getTime() || (!feed.lastHeardAt && feed.health === 'unhealthy');
      const health = silent ? 'unhealthy' : 'healthy';
      // Alerted before the change is recorded, so a failed send is retried rather than lost; a
      // retry sends the same Message-ID.
      const alert = feed.health !== health && (health === 'unhealthy' || feed.health === 'unhealthy');
      const facts = {
        dueBy: dueBy.toISOString(),
        ...(feed.lastHeardAt && { lastHeardAt: feed.lastHeardAt.toISOString() }),
      };
      if (alert) {
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
        const to = [
          { role: 'desk', address: settings.coordinatorEmail },
          { role: 'agency', address: feed.contact.includes('@') ? feed.contact : undefined },
        ].filter((recipient): recipient is { role: string; address: string } => Boolean(recipient.address));
        for (const { role, address } of to) {
          await email.send({
            to: address,
            ...message,
            language: 'en',
            // One message per change and recipient: a retried activity sends the same Message-ID again.
            messageId: `<feed-${health}-${agencyId}-${heard.getTime()}-${role}@switchboard>`,
            headers: { 'X-Switchboard-Feed': agencyId },
          });
        }
        log.warn({ agencyId, health, told: to.length }, 'feed health changed');
      }
      const changed = await recordFeedHealth(db, agencyId, health);
      return { health, changed, ...facts };
    },
  };
}
