import { blindIndex, type DataKeyring, open, seal } from '@switchboard/sealing';
import type { Db } from '../connect';

/** Puts one notice in a portal inbox; a retry of the same delivery adds nothing. */
export async function saveInboxMessage(
  db: Db,
  keyring: DataKeyring,
  message: { deliveryId: string; contactPointId: string; subject: string; body: string },
): Promise<void> {
  await db
    .insertInto('inbox_message')
    .values({
      delivery_id: message.deliveryId,
      contact_point_id: message.contactPointId,
      subject_sealed: await seal(keyring, message.subject),
      body_sealed: await seal(keyring, message.body),
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .execute();
}

/** The inbox an inbox key opens, if it is a portal contact point still in use. */
export async function findInboxByKey(
  db: Db,
  keyring: DataKeyring,
  key: string,
): Promise<{ contactPointId: string; registrantId: string } | undefined> {
  const row = await db
    .selectFrom('contact_point')
    .select(['id', 'registrant_id'])
    .where('channel', '=', 'portal')
    .where('address_index', '=', blindIndex(keyring, key))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row && { contactPointId: row.id, registrantId: row.registrant_id };
}

/** Newest first, opened for the registrant; the first reading is recorded. */
export async function readInbox(
  db: Db,
  keyring: DataKeyring,
  contactPointId: string,
  options: { limit?: number; before?: Date } = {},
) {
  let query = db
    .selectFrom('inbox_message')
    .select(['id', 'subject_sealed', 'body_sealed', 'created_at', 'read_at'])
    .where('contact_point_id', '=', contactPointId)
    .orderBy('created_at', 'desc')
    .limit(options.limit ?? 50);
  if (options.before) query = query.where('created_at', '<', options.before);
  const rows = await query.execute();
  const unread = rows.filter((r) => !r.read_at).map((r) => r.id);
  if (unread.length > 0) {
    await db.updateTable('inbox_message').set({ read_at: new Date() }).where('id', 'in', unread).execute();
  }
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      subject: await open(keyring, row.subject_sealed),
      text: await open(keyring, row.body_sealed),
      receivedAt: row.created_at.toISOString(),
      firstRead: !row.read_at,
    })),
  );
}
