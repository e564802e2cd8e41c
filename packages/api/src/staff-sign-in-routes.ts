import { describeCaller } from '@switchboard/callers';
import { appendAuditRecord } from '@switchboard/db';
import { type PendingSignIn, type StaffIdentity, StaffSignInRefused } from '@switchboard/staff-sign-in';
import { escapeHtml, json, page, readBody } from './html';
import { cookieOf } from './request-caller';
import { openSession, sessionCookie } from './sessions';
import type { ApiContext } from './trpc';

const PENDING_COOKIE = 'sb_sign_in';

/** GET /sign-in leaves for the organisation's identity provider. */
export async function startStaffSignIn(ctx: ApiContext): Promise<Response> {
  if (!ctx.staffSignIn) return notConfigured();
  const { url: provider, pending } = await ctx.staffSignIn.start();
  const headers = new Headers({ location: provider.href, 'cache-control': 'no-store' });
  headers.append('set-cookie', pendingCookie(pending));
  return new Response(null, { status: 302, headers });
}

/**
 * GET /sign-in/callback comes back, checks the ID token (signature, nonce, PKCE, a second factor,
 * a role) and opens a staff session in an HttpOnly cookie. The pending state rides in a cookie of
 * its own, SameSite=Lax because the way back is a navigation from the provider's site, readable
 * only under /sign-in, for ten minutes.
 */
export async function finishStaffSignIn(ctx: ApiContext, req: Request): Promise<Response> {
  if (!ctx.staffSignIn) return notConfigured();
  const url = new URL(req.url);
  try {
    const identity = await ctx.staffSignIn.finish(
      new URL(`${url.pathname}${url.search}`, ctx.publicUrl),
      pendingOf(req),
    );
    const session = await signedIn(ctx, identity, 'browser');
    const answer = page(
      200,
      `<p>Signed in as ${escapeHtml(identity.name)} (${identity.roles.join(', ')}). This session ends after 30 idle minutes.</p>`,
    );
    answer.headers.append(
      'set-cookie',
      `${PENDING_COOKIE}=; Path=/sign-in; HttpOnly; Secure; SameSite=Lax; Max-Age=0`,
    );
    answer.headers.append('set-cookie', sessionCookie(session.token, session.idleSeconds));
    return answer;
  } catch (error) {
    if (!(error instanceof StaffSignInRefused)) throw error;
    await signInRefused(ctx, error, 'browser');
    return page(
      403,
      `<p>Not signed in: ${escapeHtml(error.message)}.</p><p><a href="/sign-in">Try again</a></p>`,
    );
  }
}

/** GET /sign-in/device: where a command line signs in (the provider, and its client there). */
export function deviceSignInSettings(ctx: ApiContext): Response {
  const settings = ctx.staffSignIn?.deviceSignIn();
  if (!settings)
    return json(404, { error: 'the command line cannot sign in to this hub (OIDC_CLI_CLIENT_ID)' });
  return json(200, settings);
}

/**
 * POST /sign-in/device `{ idToken }`: the end of a command line's device authorization grant. The
 * provider's fresh ID token for the CLI's client, checked like a browser's sign-in, becomes a staff
 * session token the CLI keeps in its user's config folder.
 */
export async function finishDeviceSignIn(ctx: ApiContext, req: Request): Promise<Response> {
  if (!ctx.staffSignIn) return notConfigured();
  const { text } = await readBody(req, 16 * 1024);
  let idToken: unknown;
  try {
    idToken = JSON.parse(text ?? '').idToken;
  } catch {
    idToken = undefined;
  }
  if (typeof idToken !== 'string')
    return json(400, { error: 'send { "idToken": "<the provider\'s ID token>" }' });
  try {
    const identity = await ctx.staffSignIn.finishDeviceSignIn(idToken);
    const session = await signedIn(ctx, identity, 'command line (device authorization grant)');
    return json(200, {
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      name: identity.name,
      roles: identity.roles,
    });
  } catch (error) {
    if (!(error instanceof StaffSignInRefused)) throw error;
    await signInRefused(ctx, error, 'command line');
    return json(401, { error: error.message });
  }
}

/** A staff session opened, and the sign-in written to the audit trail in the person's name. */
async function signedIn(ctx: ApiContext, identity: StaffIdentity, via: string) {
  const session = await openSession(ctx, { kind: 'staff', ...identity });
  await appendAuditRecord(ctx.db, {
    actor: describeCaller({ kind: 'staff', ...identity, sessionId: '' }),
    action: 'staff.signIn',
    outcome: 'allowed',
    reason: via,
  });
  return session;
}

async function signInRefused(ctx: ApiContext, error: StaffSignInRefused, via: string): Promise<void> {
  await appendAuditRecord(ctx.db, {
    actor: 'an anonymous caller',
    action: 'staff.signIn',
    outcome: 'refused',
    reason: `${via}: ${error.message}`,
  });
}

function notConfigured(): Response {
  return page(404, '<p>Staff sign-in is not configured on this hub (OIDC_ISSUER).</p>');
}

function pendingCookie(pending: PendingSignIn): string {
  const value = Buffer.from(JSON.stringify(pending)).toString('base64url');
  return `${PENDING_COOKIE}=${value}; Path=/sign-in; HttpOnly; Secure; SameSite=Lax; Max-Age=600`;
}

function pendingOf(req: Request): PendingSignIn | undefined {
  const cookie = cookieOf(req, PENDING_COOKIE);
  if (!cookie) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cookie, 'base64url').toString());
    return typeof value.state === 'string' &&
      typeof value.nonce === 'string' &&
      typeof value.verifier === 'string'
      ? { state: value.state, nonce: value.nonce, verifier: value.verifier }
      : undefined;
  } catch {
    return undefined;
  }
}
