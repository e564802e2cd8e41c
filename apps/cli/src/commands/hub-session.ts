import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { UsageError } from './publish';

/** The hub the CLI talks to: PUBLIC_URL, or the API on this machine. */
export const hubUrl = () => process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;

/** Where the signed-in session is kept, as gh keeps its token: the user's config folder, mode 600. */
export const sessionFile = () =>
  join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'switchboard', 'session.json');

const savedSession = z.object({
  hub: z.url(),
  token: z.string().startsWith('sbs_'),
  expiresAt: z.iso.datetime(),
  name: z.string(),
  roles: z.array(z.string()),
});
type SavedSession = z.infer<typeof savedSession>;

export async function loadSession(): Promise<SavedSession> {
  const file = sessionFile();
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError('not signed in: run `switchboard staff sign-in` first');
  });
  const session = savedSession.safeParse(JSON.parse(text));
  if (!session.success) throw new UsageError(`${file} is not a Switchboard session; sign in again`);
  if (Date.parse(session.data.expiresAt) <= Date.now())
    throw new UsageError('your session has expired: run `switchboard staff sign-in` again');
  return session.data;
}

/** Calls a tRPC procedure as the signed-in person; a refusal's words come back as the error. */
export async function callHub(
  procedure: string,
  kind: 'query' | 'mutation',
  input?: unknown,
): Promise<unknown> {
  const session = await loadSession();
  const url = new URL(`/trpc/${procedure}`, session.hub);
  if (kind === 'query' && input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const response = await fetch(url, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    ...(kind === 'mutation' ? { body: JSON.stringify(input ?? null) } : {}),
  });
  const answer = (await response.json()) as { result?: { data?: unknown }; error?: { message?: string } };
  if (answer.error) throw new HubRefused(answer.error.message ?? `the hub answered ${response.status}`);
  return answer.result?.data;
}

export class HubRefused extends Error {
  override readonly name = 'HubRefused';
}

/**
 * `switchboard staff sign-in`: the device authorization grant, as `gh auth login` does it. The hub
 * says which provider and client; the person opens the link on any device, signs in there (with
 * their second factor) and confirms the code; the provider's ID token becomes a hub session.
 */
export async function signInFromCommandLine(print: (line: string) => void): Promise<void> {
  const hub = hubUrl();
  const where = await fetch(new URL('/sign-in/device', hub)).catch((error: Error) => {
    throw new UsageError(`the hub at ${hub} cannot be reached: ${error.message}`);
  });
  const settings = (await where.json()) as { issuer?: string; clientId?: string; error?: string };
  if (!settings.issuer || !settings.clientId) throw new UsageError(`the hub at ${hub}: ${settings.error}`);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(settings.issuer).hostname);
  const config = await oidc.discovery(new URL(settings.issuer), settings.clientId, undefined, oidc.None(), {
    // Plain HTTP only for a provider on this machine (the demo's).
    execute: loopback ? [oidc.allowInsecureRequests] : [],
  });
  const device = await oidc.initiateDeviceAuthorization(config, {
    scope: 'openid profile email switchboard',
  });
  print(
    `Open ${device.verification_uri_complete ?? device.verification_uri} and confirm the code ${device.user_code}.`,
  );
  print('Waiting for you to sign in there…');
  const tokens = await oidc.pollDeviceAuthorizationGrant(config, device);
  if (!tokens.id_token) throw new UsageError('the identity provider gave no ID token');
  const opened = await fetch(new URL('/sign-in/device', hub), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idToken: tokens.id_token }),
  });
  const session = (await opened.json()) as Partial<SavedSession> & { error?: string };
  if (!opened.ok) throw new UsageError(`the hub refused the sign-in: ${session.error}`);
  const file = sessionFile();
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify({ ...session, hub }, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  print(`Signed in to ${hub} as ${session.name} (${session.roles?.join(', ')}), until ${session.expiresAt}.`);
}

/** `switchboard staff sign-out`: ends the session at the hub and forgets it here. */
export async function signOutFromCommandLine(print: (line: string) => void): Promise<void> {
  await callHub('session.signOut', 'mutation').catch((error: Error) => {
    if (!(error instanceof HubRefused || error instanceof UsageError)) throw error;
  });
  await rm(sessionFile(), { force: true });
  print('Signed out.');
}
