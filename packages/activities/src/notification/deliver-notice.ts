import { type CaseEventRow, findContactPoint } from '@switchboard/db';
import type { NotificationActivities } from '@switchboard/workflows/contract';
import { reminderLabel } from '@switchboard/workflows/contract';
import { ApplicationFailure } from '@temporalio/activity';
import { briefNotice } from '../notices/brief-notices';
import { adapterOf } from './channel-adapters';
import { composeDelivery, type DeliveryRequest } from './compose-delivery';
import type { ActivityDeps } from './deps';
import { sendOnce } from './send-once';

/** One notice to one registrant about an event the caller has already read. */
export async function deliverNoticeOf(
  deps: ActivityDeps,
  request: DeliveryRequest,
  event: CaseEventRow,
): ReturnType<NotificationActivities['deliverNotice']> {
  const { caseEventId, registrationId, channel, round, confirmWorkflowId, reminderBeforeMs } = request;
  const found = await findContactPoint(deps.db, deps.keyring, registrationId, channel);
  if (!found)
    throw ApplicationFailure.nonRetryable(
      `registration ${registrationId} does not exist`,
      'UnknownRegistration',
    );
  // Checked at send time, so a pause or an end takes effect at once, even for work in flight.
  if (found.status !== 'active') return { status: 'skipped', reason: found.status };
  if (event.retracted_by) return { status: 'skipped', reason: 'retracted' };
  if (!found.address) return { status: 'skipped', reason: 'unverified' };
  const contact = { ...found, address: found.address };

  const notice = reminderBeforeMs === undefined ? 'event' : `reminder-${reminderLabel(reminderBeforeMs)}`;
  const compose = (deliveryId: string) => composeDelivery(deps, event, contact, request, deliveryId);
  // Brief detail: the message only points to the portal; the portal keeps and shows the notice.
  const brief = contact.detail === 'brief' && ['email', 'sms', 'voice'].includes(channel);
  const composeAsChosen = brief
    ? async (deliveryId: string) =>
        briefNotice(await compose(deliveryId), Boolean(confirmWorkflowId), deps.settings.publicUrl)
    : compose;
  const sent = await sendOnce(
    deps,
    { caseEventId, registrationId, channel, notice, round },
    adapterOf(contact.channel).recipient(contact, registrationId, Boolean(confirmWorkflowId)),
    composeAsChosen,
    { 'X-Switchboard-Event': `${event.agency_id}/${event.event_id}`, 'X-Switchboard-Notice': notice },
    notice === 'event' ? event.received_at : undefined,
  );
  if ('disabled' in sent) return { status: 'skipped', reason: 'disabled' };
  return { deliveryId: sent.deliveryId, status: 'sent', alreadySent: sent.alreadySent };
}
