import { sql } from 'kysely';
import type { Db } from '../connect';
import type { CallerSessionTable } from '../schema';
import { hashToken } from '../token-hash';

export type SessionKind = CallerSessionTable['kind'];

export interface OpenSession {
  id: string;
  kind: SessionKind;
  subject: string;
  staffName: string | null;
  roles: string[];
}

export async function startSession(
  db: Db,
  session: {
    token: string;
    kind: SessionKind;
    subject: string;
    staffName?: string;
    roles?: string[];
    idleSeconds: number;
    lifetimeSeconds: number;
  },
): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + session.lifetimeSeconds * 1000);
  const row = await db
    .insertInto('caller_session')
    .values({
      token_hash: hashToken(session.token),
      kind: session.kind,
      subject: session.subject,
      staff_name: session.staffName ?? null,
      roles: session.roles ?? [],
      idle_seconds: session.idleSeconds,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, expiresAt };
}

/**
 * The session a token opens, if it is still open: not signed out, not past its expiry, and used
 * within its idle timeout; using it keeps it alive. One statement, so two requests racing past the
 * idle limit cannot both revive it.
 */
export async function touchSession(db: Db, token: string): Promise<OpenSession | undefined> {
  const row = await db
    .updateTable('caller_session')
    .set({ last_seen_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('ended_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where(sql<boolean>`last_seen_at + make_interval(secs => idle_seconds) > now()`)
    .returning(['id', 'kind', 'subject', 'staff_name', 'roles'])
    .executeTakeFirst();
  return row
    ? { id: row.id, kind: row.kind, subject: row.subject, staffName: row.staff_name, roles: row.roles }
    : undefined;
}

/** Signs out: the token opens nothing from now on. */
export async function endSession(db: Db, token: string): Promise<boolean> {
  const result = await db
    .updateTable('caller_session')
    .set({ ended_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
