import {
  type Db,
  disableContactPoint,
  recordProviderStatus,
  registrationsWithVerifiedContact,
} from '@switchboard/db';

/**
 * Provider error codes that mean the number itself cannot take texts or calls (unreachable,
 * unknown, landline for texts, invalid): that contact point is disabled instead of being tried again
 * and again.
 */
const PERMANENT = new Set(['21211', '21214', '21217', '21614', '30003', '30005', '30006', '13223', '13224']);

/**
 * A receipt from the telephony provider, for a text (MessageStatus) or a call (CallStatus): kept on
 * the delivery; a dead number stops being used on that channel.
 */
export async function recordPhoneReceipt(
  db: Db,
  deliveryId: string,
  status: string,
  errorCode?: string,
): Promise<void> {
  const delivery = await recordProviderStatus(db, deliveryId, status);
  if (!delivery || !['failed', 'undelivered'].includes(status) || !errorCode || !PERMANENT.has(errorCode))
    return;
  const contact = await registrationsWithVerifiedContact(db, delivery.channel)
    .select('contact_point.id')
    .where('registration.id', '=', delivery.registrationId)
    .executeTakeFirst();
  if (contact?.id) await disableContactPoint(db, contact.id);
}
