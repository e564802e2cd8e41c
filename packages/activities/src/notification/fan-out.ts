import { publishToAgencyFeed } from '@switchboard/bus';
import { forwardCaseEvent } from '@switchboard/consent';
import {
  type CaseEventRow,
  findActiveRegistrationIds,
  findNotificationPreferencesOf,
  findRegistrationsTold,
  getCaseEventById,
  safetyHeldAmong,
} from '@switchboard/db';
import type { CaseEventActivities, NotificationActivities } from '@switchboard/workflows/contract';
import { deliverNoticeOf } from './deliver-notice';
import type { ActivityDeps } from './deps';
import { planFor } from './plan';

type Activity<K extends keyof NotificationActivities> = NotificationActivities[K];

export async function findRegistrationsForSubject(
  deps: ActivityDeps,
  { agencyId, subjectRef, family, after }: Parameters<Activity<'findRegistrationsForSubject'>>[0],
): ReturnType<Activity<'findRegistrationsForSubject'>> {
  const limit = deps.settings.fanOutPageSize ?? 500;
  // The person may be known to other agencies by other references, linked to this one.
  const registrationIds = await findActiveRegistrationIds(deps.db, { agencyId, subjectRef }, family, {
    after,
    limit,
  });
  return { registrationIds, next: registrationIds.length === limit ? registrationIds.at(-1) : undefined };
}

export async function findRegistrationsToldOf(
  deps: ActivityDeps,
  { caseEventId, after }: Parameters<Activity<'findRegistrationsTold'>>[0],
): ReturnType<Activity<'findRegistrationsTold'>> {
  const limit = deps.settings.fanOutPageSize ?? 500;
  const registrationIds = await findRegistrationsTold(deps.db, caseEventId, { after, limit });
  return { registrationIds, next: registrationIds.length === limit ? registrationIds.at(-1) : undefined };
}

/**
 * Ordinary news to a page of registrants, each idempotent as `deliverNotice`; those in their
 * quiet hours (or under a safety hold) are returned, to be held by a notification workflow of their own.
 */
async function deliverPage(deps: ActivityDeps, event: CaseEventRow, registrationIds: string[]) {
  const outcome = { sent: 0, alreadySent: 0, skipped: 0, held: [] as string[] };
  const [preferences, safetyHeld] = await Promise.all([
    findNotificationPreferencesOf(deps.db, registrationIds), // once for the page
    safetyHeldAmong(deps.db, event.id, registrationIds),
  ]);
  // A few at a time: the SMTP pool has four connections, and the database a pool of its own.
  for (let i = 0; i < registrationIds.length; i += 8) {
    await Promise.all(
      registrationIds.slice(i, i + 8).map(async (registrationId) => {
        const plan = planFor(deps.settings, registrationId, preferences.get(registrationId), 'normal');
        if ('skip' in plan) {
          outcome.skipped++;
        } else if (plan.holdUntil || safetyHeld.has(registrationId)) {
          outcome.held.push(registrationId);
        } else {
          const sent = await deliverNoticeOf(
            deps,
            { caseEventId: event.id, registrationId, channel: plan.channels[0]!, round: 1 },
            event,
          );
          if (sent.status === 'skipped') outcome.skipped++;
          else if (sent.alreadySent) outcome.alreadySent++;
          else outcome.sent++;
        }
      }),
    );
  }
  return outcome;
}

/** To every agency a consent in force on the case names; each decision recorded and audited once. */
async function forward(deps: ActivityDeps, event: CaseEventRow) {
  const { bus } = deps;
  const outcome = await forwardCaseEvent(
    {
      db: deps.db,
      publish: (agencyId, forwarded) => publishToAgencyFeed(bus.nc, bus.names, agencyId, forwarded),
    },
    event,
  );
  if (outcome.forwarded || outcome.refused)
    deps.log.info({ caseEventId: event.id, ...outcome }, 'case event forwarded');
}

/** One page of an event's registrants: forwarded once, ordinary news sent here, the rest returned. */
export async function fanOutPage(
  deps: ActivityDeps,
  input: Parameters<CaseEventActivities['fanOutPage']>[0],
): ReturnType<CaseEventActivities['fanOutPage']> {
  // The event is read once for the page, for the forward and for every notice.
  const event = await getCaseEventById(deps.db, input.caseEventId);
  const [page] = await Promise.all([
    input.correctionOf
      ? findRegistrationsToldOf(deps, { caseEventId: input.correctionOf, after: input.after })
      : findRegistrationsForSubject(deps, {
          agencyId: input.agencyId,
          subjectRef: input.subjectRef,
          family: input.family,
          after: input.after,
        }),
    input.forward ? forward(deps, event) : undefined,
  ]);
  const addressed = page.registrationIds.length;
  if (input.urgency === 'urgent' || addressed === 0) {
    return { addressed, sent: 0, alreadySent: 0, skipped: 0, own: page.registrationIds, next: page.next };
  }
  const { held, ...outcome } = await deliverPage(deps, event, page.registrationIds);
  return { addressed, ...outcome, own: held, next: page.next };
}
