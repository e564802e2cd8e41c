import {
  type Db,
  disableContactPoint,
  recordProviderStatus,
  registrationsWithVerifiedContact,
} from '@switchboard/db';

/**
 * Provider error codes that mean the number itself cannot take messages (unreachable, unknown,
 * landline, invalid): the phone contact point is disabled instead of being tried again and again.
 */
const PERMANENT = new Set(['21211', '21214', '21614', '30003', '30005', '30006']);

/** A delivery receipt from the SMS provider: kept on the delivery; a dead number stops being used. */
export async function recordSmsReceipt(
  db: Db,
  providerId: string,
  status: string,
  errorCode?: string,
): Promise<void> {
  const delivery = await recordProviderStatus(db, providerId, status);
  if (!delivery || !['failed', 'undelivered'].includes(status) || !errorCode || !PERMANENT.has(errorCode))
    return;
  const contact = await registrationsWithVerifiedContact(db)
    .select('contact_point.id')
    .where('registration.id', '=', delivery.registrationId)
    .where('registration.channel', '=', 'sms')
    .executeTakeFirst();
  if (contact?.id) await disableContactPoint(db, contact.id);
}
