import { randomBytes } from 'node:crypto';
import { startSession } from '@switchboard/db';
import { blindIndex } from '@switchboard/sealing';
import { SESSION_COOKIE, SESSION_TOKEN_PREFIX } from './request-caller';
import type { ApiContext } from './trpc';

/**
 * Short sessions: a registrant's phone may be shared (15 idle minutes); staff sign in again each
 * working day. The numbers are policy, kept in one place.
 */
export const sessionLimits = {
  registrant: { idleSeconds: 15 * 60, lifetimeSeconds: 12 * 3600 },
  staff: { idleSeconds: 30 * 60, lifetimeSeconds: 10 * 3600 },
} as const;

export async function openSession(
  ctx: Pick<ApiContext, 'db' | 'keyring'>,
  session:
    | { kind: 'registrant'; registrantId: string }
    | { kind: 'staff'; subject: string; name: string; roles: string[]; email?: string },
): Promise<{ token: string; sessionId: string; expiresAt: Date; idleSeconds: number }> {
  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const limits = sessionLimits[session.kind];
  const { id, expiresAt } = await startSession(ctx.db, {
    token,
    kind: session.kind,
    subject: session.kind === 'registrant' ? session.registrantId : session.subject,
    staffName: session.kind === 'staff' ? session.name : undefined,
    staffEmailIndex:
      session.kind === 'staff' && session.email ? blindIndex(ctx.keyring, session.email) : undefined,
    roles: session.kind === 'staff' ? session.roles : [],
    ...limits,
  });
  return { token, sessionId: id, expiresAt, idleSeconds: limits.idleSeconds };
}

/**
 * The browser's copy of a session: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Secure (only over HTTPS, and on localhost), for the whole site.
 */
export function sessionCookie(token: string | null, maxAgeSeconds = 0): string {
  return `${SESSION_COOKIE}=${token ?? ''}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${token ? maxAgeSeconds : 0}`;
}
