import {
  acceptImpactStatement,
  findNotificationPreferences,
  getCaseEventById,
  recordConfirmation,
  safetyHoldOn,
} from '@switchboard/db';
import type { CaseEventActivities, NotificationActivities } from '@switchboard/workflows/contract';
import { deliverNoticeOf } from './notification/deliver-notice';
import type { ActivityDeps } from './notification/deps';
import { escalateUnconfirmed } from './notification/escalation';
import { fanOutPage, findRegistrationsForSubject, findRegistrationsToldOf } from './notification/fan-out';
import { followHearing, followParoleReview, stopNotificationsAbout } from './notification/followed-workflows';
import { planFor } from './notification/plan';
import { sendVerificationCode } from './notification/verification';

export type { ActivityDeps, NotificationSettings } from './notification/deps';

/**
 * The notification activities, one file each under `notification/`, all around one send-once path
 * and one adapter per channel. Thin and idempotent: each call reads what it needs by id, and
 * returns ids only, because arguments and results are written to Temporal history.
 */
export function createNotificationActivities(
  deps: ActivityDeps,
): NotificationActivities & CaseEventActivities {
  const { db, settings } = deps;
  return {
    findRegistrationsForSubject: (input) => findRegistrationsForSubject(deps, input),
    findRegistrationsTold: (input) => findRegistrationsToldOf(deps, input),
    stopNotificationsAbout: (input) => stopNotificationsAbout(deps, input),
    planNotification: async ({ registrationId, urgency }) =>
      planFor(settings, registrationId, await findNotificationPreferences(db, registrationId), urgency),
    async safetyHoldOf({ caseEventId, registrationId }) {
      const hold = await safetyHoldOn(db, caseEventId, registrationId);
      if (!hold) return undefined;
      // A release or a renewal is seen at the next look; the lapse at the end exactly.
      const lookAgain = Math.min(
        hold.until.getTime(),
        Date.now() + (settings.safetyHoldRecheckSeconds ?? 30) * 1000,
      );
      return { until: hold.until.toISOString(), lookAgainAt: new Date(lookAgain).toISOString() };
    },
    sendVerificationCode: (input) => sendVerificationCode(deps, input),
    deliverNotice: async (input) =>
      deliverNoticeOf(deps, input, await getCaseEventById(db, input.caseEventId)),
    escalateUnconfirmed: (input) => escalateUnconfirmed(deps, input),
    recordConfirmation: (confirmation) => recordConfirmation(db, confirmation),
    followHearing: (input) => followHearing(deps, input),
    hearingReminderOffsets: async () =>
      (settings.hearingRemindersSeconds ?? [7 * 86_400, 86_400]).map((seconds) => seconds * 1000),
    followParoleReview: (input) => followParoleReview(deps, input),
    statementReminderOffset: async () => (settings.statementReminderSeconds ?? 3 * 86_400) * 1000,
    acceptImpactStatement: ({ statementId, reviewWorkflowId }) =>
      acceptImpactStatement(db, statementId, reviewWorkflowId),
    fanOutPage: (input) => fanOutPage(deps, input),
  };
}
