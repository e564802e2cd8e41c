import { sql } from 'kysely';
import type { Db } from '../connect';

export interface StoredPasskey {
  id: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
}

export async function listPasskeys(db: Db, registrantId: string): Promise<StoredPasskey[]> {
  const rows = await db
    .selectFrom('registrant_passkey')
    .select(['id', 'public_key', 'counter', 'transports'])
    .where('registrant_id', '=', registrantId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    publicKey: new Uint8Array(r.public_key),
    counter: Number(r.counter),
    transports: r.transports,
  }));
}

export async function savePasskey(db: Db, registrantId: string, passkey: StoredPasskey): Promise<void> {
  await db
    .insertInto('registrant_passkey')
    .values({
      id: passkey.id,
      registrant_id: registrantId,
      public_key: Buffer.from(passkey.publicKey),
      counter: passkey.counter,
      transports: passkey.transports,
    })
    .execute();
}

/** After a good signature: the authenticator's new counter, so a cloned key shows itself. */
export async function passkeyUsed(db: Db, id: string, counter: number): Promise<void> {
  await db
    .updateTable('registrant_passkey')
    .set({ counter, last_used_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The challenge a session was given, kept until it is answered (once). */
export async function setSessionChallenge(db: Db, sessionId: string, challenge: string): Promise<void> {
  await db
    .updateTable('caller_session')
    .set({ webauthn_challenge: challenge })
    .where('id', '=', sessionId)
    .execute();
}

/** The session's outstanding challenge, cleared as it is read: each challenge is answered once. */
export async function takeSessionChallenge(db: Db, sessionId: string): Promise<string | undefined> {
  const { rows } = await sql<{ challenge: string | null }>`
    update caller_session s set webauthn_challenge = null
    from (select id, webauthn_challenge from caller_session where id = ${sessionId} for update) old
    where s.id = old.id
    returning old.webauthn_challenge as challenge`.execute(db);
  return rows[0]?.challenge ?? undefined;
}

export async function markPasskeyShown(db: Db, sessionId: string): Promise<void> {
  await db
    .updateTable('caller_session')
    .set({ passkey_verified_at: sql`now()` })
    .where('id', '=', sessionId)
    .execute();
}

/** When the session last showed a passkey, if it has. */
export async function passkeyShownAt(db: Db, sessionId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('caller_session')
    .select('passkey_verified_at')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row?.passkey_verified_at ?? undefined;
}

/** A sign-in challenge, kept until answered or expired. Expired ones are cleared as new ones come. */
export async function savePasskeySignInChallenge(db: Db, challenge: string, expiresAt: Date): Promise<void> {
  await db.deleteFrom('passkey_sign_in_challenge').where('expires_at', '<', new Date()).execute();
  await db.insertInto('passkey_sign_in_challenge').values({ challenge, expires_at: expiresAt }).execute();
}

/** Spends a sign-in challenge: true once, if it was issued and has not expired. */
export async function takePasskeySignInChallenge(db: Db, challenge: string): Promise<boolean> {
  const row = await db
    .deleteFrom('passkey_sign_in_challenge')
    .where('challenge', '=', challenge)
    .where('expires_at', '>', new Date())
    .returning('challenge')
    .executeTakeFirst();
  return row !== undefined;
}

/** A passkey by its credential id, with whose it is: sign-in knows the passkey before the person. */
export async function findPasskey(
  db: Db,
  id: string,
): Promise<(StoredPasskey & { registrantId: string }) | undefined> {
  const row = await db
    .selectFrom('registrant_passkey')
    .select(['id', 'registrant_id', 'public_key', 'counter', 'transports'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      registrantId: row.registrant_id,
      publicKey: new Uint8Array(row.public_key),
      counter: Number(row.counter),
      transports: row.transports,
    }
  );
}
