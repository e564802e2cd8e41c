import { anonymous, type Caller, type StaffRole, staffRoles } from '@switchboard/callers';
import { authenticateAgency, Refusal } from '@switchboard/consent';
import { touchSession } from '@switchboard/db';
import type { ApiContext } from './trpc';

/** Session tokens say what they are, so a bearer header is never mistaken for an agency's JWT. */
export const SESSION_TOKEN_PREFIX = 'sbs_';
export const SESSION_COOKIE = 'sb_session';

/**
 * Who is asking, from what the request proves: an agency's client assertion (spent once), or a
 * session token as bearer or cookie. Nothing in a request's body or query names its caller. A
 * credential that fails makes a `refused` caller, turned away even from public procedures, so a
 * stale session is never silently treated as anonymous.
 */
export async function callerOf(
  ctx: ApiContext,
  req: Request,
  /** Temporal UI's pages may send the session too: only the codec endpoint says so. */
  options: { fromTemporalUi?: boolean } = {},
): Promise<Caller> {
  const bearer = bearerOf(req);
  if (bearer && !bearer.startsWith(SESSION_TOKEN_PREFIX)) {
    try {
      const { agencyId, assertionId } = await authenticateAgency(
        ctx.db,
        ctx.consent.agencies,
        ctx.publicUrl,
        bearer,
      );
      return { kind: 'agency', agencyId, assertionId };
    } catch (error) {
      if (error instanceof Refusal) return { kind: 'refused', reason: error.message };
      throw error;
    }
  }
  const cookieToken = sessionCookie(req);
  const token = bearer ?? cookieToken;
  if (!token) return anonymous;
  // A cookie rides along with any request the browser makes: a state-changing one from another
  // origin (a cross-site form) is refused even before SameSite is relied on.
  if (!bearer && req.method !== 'GET' && !sameOrigin(ctx, req, options.fromTemporalUi ?? false)) {
    return { kind: 'refused', reason: 'a signed-in request must come from the hub’s own pages' };
  }
  const session = await touchSession(ctx.db, token);
  if (!session) return { kind: 'refused', reason: 'the session has ended or expired; sign in again' };
  if (session.kind === 'registrant')
    return { kind: 'registrant', registrantId: session.subject, sessionId: session.id };
  return {
    kind: 'staff',
    subject: session.subject,
    name: session.staffName ?? session.subject,
    roles: session.roles.filter((role): role is StaffRole => staffRoles.includes(role as StaffRole)),
    sessionId: session.id,
    ...(session.staffEmailIndex && { emailIndex: session.staffEmailIndex }),
  };
}

/** The bearer token in the Authorization header, if any. */
export function bearerOf(req: Request): string | undefined {
  return /^Bearer (\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
}

/** The session token a request carries, as bearer or cookie. */
export function sessionTokenOf(req: Request): string | undefined {
  const bearer = bearerOf(req);
  return bearer?.startsWith(SESSION_TOKEN_PREFIX) ? bearer : sessionCookie(req);
}

/** A cookie's value, if the request carries it. */
export function cookieOf(req: Request, cookie: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookie) return value.join('=') || undefined;
  }
  return undefined;
}

function sessionCookie(req: Request): string | undefined {
  return cookieOf(req, SESSION_COOKIE);
}

/** The hub's own pages, and Temporal UI's where the route allows it. */
function sameOrigin(ctx: ApiContext, req: Request, fromTemporalUi: boolean): boolean {
  const origin = req.headers.get('origin');
  if (origin === null) return req.headers.get('sec-fetch-site') !== 'cross-site';
  return origin === new URL(ctx.publicUrl).origin || (fromTemporalUi && trustedUiOrigin(ctx, origin));
}

/** Temporal UI's origin (under either name of the loopback host when it is local). */
export function trustedUiOrigin(ctx: Pick<ApiContext, 'codec'>, origin: string): boolean {
  const configured = ctx.codec?.uiOrigin;
  if (!configured) return false;
  const twin = configured.includes('://localhost')
    ? configured.replace('://localhost', '://127.0.0.1')
    : configured.replace('://127.0.0.1', '://localhost');
  return origin === configured || origin === twin;
}
