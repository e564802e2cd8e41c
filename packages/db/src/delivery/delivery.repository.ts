import type { Db } from '../connect';
import type { Delivery } from '../schema';

/**
 * Finds or creates the one delivery row for (event, registration, channel, notice, round) and counts the
 * attempt. It is written before the provider is called; retried activities land on the same row,
 * which is how a sent notification is never sent again.
 */
export async function claimDelivery(
  db: Db,
  key: { caseEventId: string; registrationId: string; channel: string; notice?: string; round?: number },
): Promise<Delivery> {
  return db
    .insertInto('delivery')
    .values({
      case_event_id: key.caseEventId,
      registration_id: key.registrationId,
      channel: key.channel,
      notice: key.notice ?? 'event',
      round: key.round ?? 1,
      status: 'sending',
      attempts: 1,
    })
    .onConflict((oc) =>
      oc
        .constraint('delivery_once_per_notice_channel_and_round')
        .doUpdateSet((eb) => ({ attempts: eb('delivery.attempts', '+', 1) })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markDeliverySent(db: Db, id: string, messageId: string): Promise<void> {
  await db
    .updateTable('delivery')
    .set({ status: 'sent', message_id: messageId, sent_at: new Date(), last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markDeliveryAttemptFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('delivery')
    .set({ last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

export async function listDeliveriesForCaseEvent(db: Db, caseEventId: string): Promise<Delivery[]> {
  return db
    .selectFrom('delivery')
    .selectAll()
    .where('case_event_id', '=', caseEventId)
    .orderBy('created_at')
    .orderBy('round')
    .execute();
}

/** How far the notices of one event have got: rows claimed (attempted) and rows sent. */
export async function countDeliveries(
  db: Db,
  caseEventId: string,
): Promise<{ attempted: number; sent: number }> {
  const row = await db
    .selectFrom('delivery')
    .select((eb) => [eb.fn.countAll<string>().as('attempted'), eb.fn.count<string>('sent_at').as('sent')])
    .where('case_event_id', '=', caseEventId)
    .executeTakeFirstOrThrow();
  return { attempted: Number(row.attempted), sent: Number(row.sent) };
}

/**
 * A provider's receipt for one of our deliveries. Returns the delivery and its registration, or
 * undefined when the id is not one of ours.
 */
export async function recordProviderStatus(
  db: Db,
  deliveryId: string,
  status: string,
): Promise<{ deliveryId: string; registrationId: string; channel: string } | undefined> {
  const row = await db
    .updateTable('delivery')
    .set({ provider_status: status })
    .where('id', '=', deliveryId)
    .returning(['id', 'registration_id', 'channel'])
    .executeTakeFirst();
  return row && { deliveryId: row.id, registrationId: row.registration_id, channel: row.channel };
}
