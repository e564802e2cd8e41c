import { type StaffRole, staffRoles } from '@switchboard/callers';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';

/** The organisation's identity provider, as the hub's configuration names it. */
export interface StaffSignInSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The hub's callback, registered with the provider: `<PUBLIC_URL>/sign-in/callback`. */
  redirectUri: string;
  /** The ID token claim holding the person's Switchboard roles (an array, or a space-separated string). */
  rolesClaim: string;
  /** `amr` values of which the sign-in must show at least one: the proof of a second factor. */
  requiredAmr: readonly string[];
  /** The command line's own (public) client at the provider, for the device authorization grant. */
  cliClientId?: string;
}

/** What the browser keeps between leaving for the provider and coming back (a short-lived cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export type StaffIdentity = {
  subject: string;
  name: string;
  roles: StaffRole[];
  /** The organisation's verified work address: how an advocate is matched to the registrations naming them. */
  email?: string;
};

export class StaffSignInRefused extends Error {
  override readonly name = 'StaffSignInRefused';
}

/**
 * Coordinators, supervisors and administrators sign in at their organisation's OpenID provider
 * (authorization code with PKCE, through openid-client); the hub insists on a second factor and
 * takes roles from a claim. Nothing here keeps state: the caller carries `PendingSignIn`.
 */
export class StaffSignIn {
  private configuration?: Promise<oidc.Configuration>;
  private providerKeys?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly settings: StaffSignInSettings) {}

  /** Discovery once, retried on the next sign-in if the provider was down. */
  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        {
          // Plain HTTP only for a provider on this machine (the demo's); anything else must be HTTPS.
          execute: isLoopback(this.settings.issuer) ? [oidc.allowInsecureRequests] : [],
        },
      )
      .catch((error: Error) => {
        this.configuration = undefined;
        throw new StaffSignInRefused(
          `the identity provider at ${this.settings.issuer} cannot be reached: ${error.message}`,
        );
      });
    return this.configuration;
  }

  async start(): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.config();
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid profile email switchboard',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Where the command line signs in (device authorization grant), for `GET /sign-in/device`. */
  deviceSignIn(): { issuer: string; clientId: string } | undefined {
    return this.settings.cliClientId
      ? { issuer: this.settings.issuer, clientId: this.settings.cliClientId }
      : undefined;
  }

  /**
   * The command line's sign-in: the ID token the provider gave the CLI's own client at the end of
   * the device authorization grant, fresh (ten minutes), checked against the provider's keys, then
   * the same second-factor and role checks as a browser's.
   */
  async finishDeviceSignIn(idToken: string): Promise<StaffIdentity> {
    if (!this.settings.cliClientId)
      throw new StaffSignInRefused(
        'the command line cannot sign in to this hub (OIDC_CLI_CLIENT_ID is not set)',
      );
    const metadata = (await this.config()).serverMetadata();
    this.providerKeys ??= createRemoteJWKSet(new URL(metadata.jwks_uri!));
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(idToken, this.providerKeys, {
        issuer: metadata.issuer,
        audience: this.settings.cliClientId,
        maxTokenAge: '10m',
      }));
    } catch (error) {
      throw new StaffSignInRefused(`the provider's ID token does not check out: ${(error as Error).message}`);
    }
    return identityOf(claims, this.settings);
  }

  /** The person the provider vouches for, or a refusal saying what is missing. */
  async finish(callbackUrl: URL, pending: PendingSignIn | undefined): Promise<StaffIdentity> {
    if (!pending)
      throw new StaffSignInRefused('this sign-in was not started here, or took too long; start again');
    const config = await this.config();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new StaffSignInRefused(
        `the identity provider's answer was not accepted: ${(error as Error).message}`,
      );
    }
    if (!claims) throw new StaffSignInRefused('the identity provider sent no ID token');
    return identityOf(claims, this.settings);
  }
}

/** The checks on a verified ID token's claims, apart from the protocol: second factor and roles. */
export function identityOf(
  claims: Record<string, unknown>,
  settings: Pick<StaffSignInSettings, 'rolesClaim' | 'requiredAmr'>,
): StaffIdentity {
  const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : [];
  if (!settings.requiredAmr.some((method) => amr.includes(method))) {
    throw new StaffSignInRefused(
      `Switchboard needs a multi-factor sign-in (amr ${settings.requiredAmr.join(' or ')}); this one was ${amr.join('+') || 'single-factor'}`,
    );
  }
  const raw = claims[settings.rolesClaim];
  const named = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/\s+/) : [];
  const roles = named.filter((role): role is StaffRole => staffRoles.includes(role as StaffRole));
  if (roles.length === 0) {
    throw new StaffSignInRefused(
      `your account holds no Switchboard role (claim ${settings.rolesClaim}); ask your administrator`,
    );
  }
  const subject = String(claims.sub);
  const name = typeof claims.name === 'string' && claims.name ? claims.name : subject;
  const email =
    typeof claims.email === 'string' && claims.email_verified !== false
      ? claims.email.toLowerCase()
      : undefined;
  if (roles.includes('advocate') && !email) {
    throw new StaffSignInRefused(
      'an advocate signs in with a verified work email address (claim email); ask your administrator',
    );
  }
  return { subject, name, roles, ...(email && { email }) };
}

function isLoopback(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}
