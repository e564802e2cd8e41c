import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeCaller } from '@switchboard/callers';
import { appendAuditRecord } from '@switchboard/db';
import { type PendingSignIn, StaffSignInRefused } from '@switchboard/staff-sign-in';
import { openSession, setSessionCookie } from './sessions';
import type { ApiContext } from './trpc';

const PENDING_COOKIE = 'sb_sign_in';

/**
 * GET /sign-in leaves for the organisation's identity provider; GET /sign-in/callback comes back,
 * checks the ID token (signature, nonce, PKCE, a second factor, a role) and opens a staff session
 * in an HttpOnly cookie. The pending state rides in a cookie of its own, SameSite=Lax because the
 * way back is a navigation from the provider's site, readable only under /sign-in, for ten minutes.
 */
export async function staffSignInRoute(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  page: (res: ServerResponse, status: number, body: string) => void,
): Promise<void> {
  if (req.method !== 'GET') return page(res, 405, '<p>Open /sign-in in your browser.</p>');
  if (!ctx.staffSignIn)
    return page(res, 404, '<p>Staff sign-in is not configured on this hub (OIDC_ISSUER).</p>');
  try {
    if (url.pathname === '/sign-in') {
      const { url: provider, pending } = await ctx.staffSignIn.start();
      res.appendHeader('set-cookie', pendingCookie(pending));
      res.writeHead(302, { location: provider.href, 'cache-control': 'no-store' }).end();
      return;
    }
    const identity = await ctx.staffSignIn.finish(
      new URL(`${url.pathname}${url.search}`, ctx.publicUrl),
      pendingOf(req),
    );
    const session = await openSession(ctx, { kind: 'staff', ...identity });
    const caller = { kind: 'staff' as const, ...identity, sessionId: '' };
    await appendAuditRecord(ctx.db, {
      actor: describeCaller(caller),
      action: 'staff.signIn',
      outcome: 'allowed',
    });
    res.appendHeader(
      'set-cookie',
      `${PENDING_COOKIE}=; Path=/sign-in; HttpOnly; Secure; SameSite=Lax; Max-Age=0`,
    );
    setSessionCookie(res, session.token, session.idleSeconds);
    return page(
      res,
      200,
      `<p>Signed in as ${escapeHtml(identity.name)} (${identity.roles.join(', ')}). This session ends after 30 idle minutes.</p>`,
    );
  } catch (error) {
    if (!(error instanceof StaffSignInRefused)) throw error;
    await appendAuditRecord(ctx.db, {
      actor: 'an anonymous caller',
      action: 'staff.signIn',
      outcome: 'refused',
      reason: error.message,
    });
    return page(
      res,
      403,
      `<p>Not signed in: ${escapeHtml(error.message)}.</p><p><a href="/sign-in">Try again</a></p>`,
    );
  }
}

function pendingCookie(pending: PendingSignIn): string {
  const value = Buffer.from(JSON.stringify(pending)).toString('base64url');
  return `${PENDING_COOKIE}=${value}; Path=/sign-in; HttpOnly; Secure; SameSite=Lax; Max-Age=600`;
}

function pendingOf(req: IncomingMessage): PendingSignIn | undefined {
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${PENDING_COOKIE}=`));
  if (!cookie) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cookie.slice(PENDING_COOKIE.length + 1), 'base64url').toString());
    return typeof value.state === 'string' &&
      typeof value.nonce === 'string' &&
      typeof value.verifier === 'string'
      ? { state: value.state, nonce: value.nonce, verifier: value.verifier }
      : undefined;
  } catch {
    return undefined;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
