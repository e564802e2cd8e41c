import { findAdvocateOfRegistration, findContactPoint, getCaseEventById } from '@switchboard/db';
import { notificationWorkflowId } from '@switchboard/workflows/contract';
import { eventMessages, isNotifyingType } from '../notices/event-messages';
import { advocateEscalationNotice, coordinatorEscalationNotice } from '../notices/urgent-notices';
import type { ActivityDeps } from './deps';
import { sendOnce } from './send-once';

/**
 * Urgent news nobody confirmed: to the registrant's advocate, who may reach them by other means,
 * and to the coordinators' desk (identifiers only), each once.
 */
export async function escalateUnconfirmed(
  deps: ActivityDeps,
  { caseEventId, registrationId, rounds }: { caseEventId: string; registrationId: string; rounds: number },
): Promise<{ advocate: boolean; coordinators: boolean }> {
  const { db, keyring, settings } = deps;
  const event = await getCaseEventById(db, caseEventId);
  const key = { caseEventId, registrationId, round: 0 };
  const advocate = await findAdvocateOfRegistration(db, keyring, registrationId);
  if (advocate) {
    const registrant = await findContactPoint(db, keyring, registrationId, 'email');
    await sendOnce(
      deps,
      { ...key, channel: 'advocate-email' },
      { kind: 'email', address: advocate.email },
      () =>
        advocateEscalationNotice({
          advocateName: advocate.displayName,
          registrantName: registrant?.displayName ?? 'A registrant',
          eventTitle: isNotifyingType(event.type) ? eventMessages.en[event.type].title : event.type,
          subjectRef: event.subject_ref,
          rounds,
        }),
    );
  }
  if (settings.coordinatorEmail) {
    await sendOnce(
      deps,
      { ...key, channel: 'coordinator-email' },
      { kind: 'email', address: settings.coordinatorEmail },
      () =>
        coordinatorEscalationNotice({
          eventType: event.type,
          subjectRef: event.subject_ref,
          registrationId,
          workflowId: notificationWorkflowId({ agencyId: event.agency_id, caseEventId, registrationId }),
          rounds,
        }),
    );
  }
  deps.log.warn(
    { caseEventId, registrationId, rounds, advocate: Boolean(advocate) },
    'urgent notice escalated',
  );
  return { advocate: Boolean(advocate), coordinators: Boolean(settings.coordinatorEmail) };
}
