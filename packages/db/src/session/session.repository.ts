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
  staffEmailIndex: string | null;
  roles: string[];
}

export async function startSession(
  db: Db,
  session: {
    token: string;
    kind: SessionKind;
    subject: string;
    staffName?: string;
    /** Advocates: the blind index of their verified work email. */
    staffEmailIndex?: string;
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
      staff_email_index: session.staffEmailIndex ?? null,
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
 * within its idle timeout; using it keeps it alive. The idle clock is moved only when it is a
 * while old (15 s, or a quarter of the idle timeout if less), so most checks write nothing and a
 * busy caller's requests do not each commit a row; a session still ends on time, give or take that.
 */
export async function touchSession(db: Db, token: string): Promise<OpenSession | undefined> {
  const { rows } = await sql<{
    id: string;
    kind: SessionKind;
    subject: string;
    staff_name: string | null;
    staff_email_index: string | null;
    roles: string[];
  }>`
    with open as (
      select id, kind, subject, staff_name, staff_email_index, roles, last_seen_at, idle_seconds
      from caller_session
      where token_hash = ${hashToken(token)} and ended_at is null and expires_at > now()
        and last_seen_at + make_interval(secs => idle_seconds) > now()
    ), touched as (
      update caller_session s set last_seen_at = now() from open
      where s.id = open.id
        and open.last_seen_at < now() - make_interval(secs => least(15, open.idle_seconds / 4.0))
    )
    select id, kind, subject, staff_name, staff_email_index, roles from open`.execute(db);
  const row = rows[0];
  return row
    ? {
        id: row.id,
        kind: row.kind,
        subject: row.subject,
        staffName: row.staff_name,
        staffEmailIndex: row.staff_email_index,
        roles: row.roles,
      }
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
