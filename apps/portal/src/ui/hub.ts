import { startAuthentication } from '@simplewebauthn/browser';
import type { AppRouter } from '@switchboard/api';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';

/**
 * The hub, through tRPC on the portal's own origin: the session is the HttpOnly cookie sign-in
 * set, which the page's script never sees. One request per call (no batching), so one slow read
 * never holds up a press of "take back now".
 */
export const hub = createTRPCClient<AppRouter>({ links: [httpLink({ url: '/trpc' })] });

export type Me = Awaited<ReturnType<typeof hub.portal.me.query>>;
export type Notice = Awaited<ReturnType<typeof hub.portal.notices.query>>['notices'][number];
export type MyData = Awaited<ReturnType<typeof hub.portal.data.query>>;

/** What went wrong, as the page words it: a code the catalogue knows, or the hub's own message. */
export type Failure =
  | { kind: 'signed-out' }
  | { kind: 'too-many' }
  | { kind: 'refused'; message: string }
  | { kind: 'generic' };

export function failureOf(error: unknown): Failure {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === 'UNAUTHORIZED') return { kind: 'signed-out' };
    if (code === 'TOO_MANY_REQUESTS') return { kind: 'too-many' };
    if (code === 'BAD_REQUEST' || code === 'NOT_FOUND' || code === 'FORBIDDEN' || code === 'CONFLICT')
      return { kind: 'refused', message: error.message };
  }
  return { kind: 'generic' };
}

/** SHA-256 of the consent notice the registrant read, in hex: what the grant records. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hub asks a registrant who has a passkey to show it before protected changes. */
const ASKS_FOR_PASSKEY = /passkey first/;

/**
 * Runs a protected change; if the hub first wants the registrant's passkey (they have one, and have
 * not shown it in the last few minutes), asks the browser for it once, then runs the change again.
 */
export async function withPasskeyIfAsked<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof TRPCClientError) || !ASKS_FOR_PASSKEY.test(error.message)) throw error;
    const optionsJSON = await hub.passkey.checkOptions.mutate();
    const response = await startAuthentication({ optionsJSON: optionsJSON as never });
    await hub.passkey.check.mutate({ response: response as never });
    return change();
  }
}
