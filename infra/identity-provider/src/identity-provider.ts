import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { codeIsValid, type StaffAccount } from './staff-accounts';

export interface IdentityProviderOptions {
  /** Where it listens; 0 picks a free port. */
  port: number;
  accounts: StaffAccount[];
  client: { id: string; secret: string; redirectUris: string[] };
  /** A public client for command lines, which sign in with the device authorization grant. */
  cliClientId?: string;
  /** Signs the provider's own cookies. */
  cookieKey: string;
}

export interface RunningIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider, the certified implementation) standing in for an
 * organisation's: authorization code with PKCE, a sign-in page asking for the password and the
 * authenticator code, `amr` ["pwd", "otp", "mfa"] in the ID token, and the Switchboard roles as the
 * `switchboard_roles` claim. The hub treats it exactly as it would Entra ID, Okta or Keycloak.
 */
export async function startIdentityProvider(
  options: IdentityProviderOptions,
): Promise<RunningIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const byUsername = new Map(options.accounts.map((a) => [a.username, a]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.client.id,
        client_secret: options.client.secret,
        redirect_uris: options.client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      ...(options.cliClientId
        ? [
            {
              client_id: options.cliClientId,
              client_name: 'Switchboard command line',
              application_type: 'native' as const,
              token_endpoint_auth_method: 'none' as const,
              grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
              response_types: [],
              redirect_uris: [],
            },
          ]
        : []),
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), use: 'sig', alg: 'RS256', kid: 'demo-idp' }] },
    cookies: { keys: [options.cookieKey] },
    // How the person signed in travels with every ID token, as Entra ID and Okta send it: the hub
    // refuses a sign-in without a second factor.
    claims: {
      openid: ['sub', 'amr', 'acr', 'auth_time'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      switchboard: ['switchboard_roles'],
    },
    scopes: ['openid', 'profile', 'email', 'switchboard'],
    // Name and roles in the ID token itself, as the hub reads them from there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // The device flow's own pages (enter the code, confirm it) are the library's; signing in is ours.
    features: { devInteractions: { enabled: false }, deviceFlow: { enabled: true } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const account = byUsername.get(id);
      return account
        ? {
            accountId: id,
            claims: () => ({
              sub: id,
              name: account.name,
              switchboard_roles: account.roles,
              ...(account.email && { email: account.email, email_verified: true }),
            }),
          }
        : undefined;
    },
    ttl: {
      Session: 3600,
      Interaction: 600,
      Grant: 3600,
      IdToken: 600,
      AccessToken: 600,
      AuthorizationCode: 60,
    },
  });
  provider.proxy = false;
  const callback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const interaction = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!interaction) return callback(req, res);
    handleInteraction(provider, byUsername, req, res).catch((error: Error) => {
      if (!res.headersSent) page(res, 400, `<p>${escapeHtml(error.message)}</p>`);
    });
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handleInteraction(
  provider: Provider,
  accounts: Map<string, StaffAccount>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    // The hub is this organisation's own application: its staff are not asked to consent to it.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({
          accountId: details.session!.accountId,
          clientId: String(details.params.client_id),
        });
    grant!.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant!.save() } },
      {
        mergeWithLastSubmission: true,
      },
    );
    return;
  }
  if (req.method !== 'POST') return page(res, 200, signInForm());
  const form = new URLSearchParams(await body(req));
  const account = accounts.get(form.get('username') ?? '');
  const passwordOk = account !== undefined && same(account.password, form.get('password') ?? '');
  if (!account || !passwordOk || !codeIsValid(account, form.get('code') ?? '')) {
    return page(res, 401, signInForm('The username, password or authenticator code is not right.'));
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.username, amr: ['pwd', 'otp', 'mfa'], acr: 'urn:switchboard:mfa' } },
    { mergeWithLastSubmission: false },
  );
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new Error('the form is too large');
  }
  return text;
}

function signInForm(problem = ''): string {
  return `<h1>Riverside County — staff sign-in</h1>${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post">
<p><label>Username <input name="username" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><label>Authenticator code <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="\\d{6}" required></label></p>
<p><button type="submit">Sign in</button></p></form>`;
}

function page(res: ServerResponse, status: number, content: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in</title><body>${content}</body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
