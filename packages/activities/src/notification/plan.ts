import type { NotificationPreferences } from '@switchboard/db';
import type { Channel, NotificationPlan, Urgency } from '@switchboard/workflows/contract';
import { ApplicationFailure } from '@temporalio/activity';
import { quietHoursEnd } from '../quiet-hours';
import type { NotificationSettings } from './deps';

const channelOf = (channel: string): Channel =>
  channel === 'webhook' || channel === 'sms' || channel === 'voice' || channel === 'portal'
    ? channel
    : 'email';

/** Channels, quiet hours and the confirmation schedule, from the registrant's preferences. */
export function planFor(
  settings: NotificationSettings,
  registrationId: string,
  preferences: NotificationPreferences | undefined,
  urgency: Urgency,
): NotificationPlan {
  if (!preferences)
    throw ApplicationFailure.nonRetryable(
      `registration ${registrationId} does not exist`,
      'UnknownRegistration',
    );
  if (preferences.status !== 'active') return { skip: preferences.status };
  const reachable = preferences.reachable.map(channelOf);
  if (reachable.length === 0) return { skip: 'unverified' };
  const sending = {
    // Urgent news goes every way the registrant chose at once; the rest, the way they prefer.
    channels: urgency === 'urgent' ? reachable : reachable.slice(0, 1),
    deliveryTimeoutMs: (settings.deliveryTimeoutSeconds ?? 30) * 1000,
  };
  if (urgency === 'urgent') {
    return {
      ...sending,
      confirmation: {
        repeatEveryMs: (preferences.repeatEveryMinutes ?? settings.repeatEverySeconds / 60) * 60_000,
        repeatForMs: (preferences.repeatForHours ?? settings.repeatForSeconds / 3600) * 3_600_000,
      },
    };
  }
  const holdUntil = quietHoursEnd(new Date(), preferences.timeZone, preferences.quietHours);
  return { ...sending, ...(holdUntil && { holdUntil: holdUntil.toISOString() }) };
}
