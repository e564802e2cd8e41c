import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { signClientAssertion } from '@switchboard/agency-sdk';
import {
  type ApiContext,
  type AppRouter,
  consentContext,
  createApiServer,
  SESSION_TOKEN_PREFIX,
} from '@switchboard/api';
import { findRegistrationOwner, RateLimits, startSession } from '@switchboard/db';
import { buildPortal } from '@switchboard/portal';
import { SealedPayloadCodec } from '@switchboard/sealed-payloads';
import { blindIndex } from '@switchboard/sealing';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { TestHub } from './hub';

type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export interface TestApi {
  baseUrl: string;
  /** No credential at all. */
  trpc: ApiClient;
  /** Signed-in callers: staff and registrants with sessions, agencies with a fresh client assertion per request. */
  as: {
    coordinator: ApiClient;
    supervisor: ApiClient;
    admin: ApiClient;
    agency(agencyId: string): ApiClient;
    registrant(registrantId: string): ApiClient;
    /** The registrant who owns a registration, signed in. */
    ownerOf(registrationId: string): ApiClient;
    /** An advocate signed in through their agency's identity provider, with this verified work email. */
    advocate(email: string): ApiClient;
  };
  /** A session token as sign-in would give it (tests of sign-in itself go through the real flows). */
  session(kind: 'staff' | 'registrant', subject: string, roles?: string[], email?: string): Promise<string>;
  ctx: ApiContext;
  close(): Promise<void>;
}

/** The real API server over a test hub, on a free port, with a tRPC client for it. */
export async function startApi(
  hub: TestHub,
  options: {
    smsAuthToken?: string;
    smsFallbackAuthToken?: string;
    consentTokenTtlSeconds?: number;
    consentReminderSeconds?: number;
    /** As WEBHOOK_PRIVATE_TARGETS=refuse, a production hub's default; the tests' own receivers are local. */
    refusePrivateWebhooks?: boolean;
    /** Serve the victims' portal at `/` (bundled at start, as the API app does). */
    portal?: boolean;
    /** The name the hub is reached by (PUBLIC_URL's host): `localhost` for browser passkeys, which refuse an IP. */
    publicHost?: string;
  } = {},
): Promise<TestApi> {
  const ctx: ApiContext = {
    db: hub.db,
    temporal: hub.temporal,
    nc: hub.nc,
    names: hub.names,
    taskQueue: hub.taskQueue,
    publicUrl: 'http://127.0.0.1',
    sms: options.smsAuthToken
      ? {
          authToken: options.smsAuthToken,
          ...(options.smsFallbackAuthToken && { fallbackAuthToken: options.smsFallbackAuthToken }),
        }
      : undefined,
    keyring: hub.keyring,
    // Counts of this API alone: test files run side by side from the same address.
    rateLimits: new RateLimits(hub.db, `test-${randomUUID()}`),
    // The tests' advocates' systems listen on this machine.
    allowPrivateWebhooks: !options.refusePrivateWebhooks,
    feeds: { linkConfidence: 0.85, recheckSeconds: 1 },
    codec: { codec: new SealedPayloadCodec(hub.keyring), uiOrigin: 'http://127.0.0.1:8233' },
    consent: consentContext(
      hub.db,
      {
        CONSENT_TOKEN_TTL_SECONDS: options.consentTokenTtlSeconds ?? 3600,
        CONSENT_MAX_DAYS: 365,
        CONSENT_REMINDER_SECONDS: options.consentReminderSeconds ?? 14 * 86_400,
      },
      hub.keyring,
    ),
    portal: options.portal ? await buildPortal() : undefined,
  };
  const server = createApiServer(ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://${options.publicHost ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  // Known once listening: signed provider callbacks are checked against it.
  ctx.publicUrl = baseUrl;
  const client = (authorization?: () => Promise<string>) =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${baseUrl}/trpc`,
          headers: async () => (authorization ? { authorization: `Bearer ${await authorization()}` } : {}),
        }),
      ],
    });
  const session = async (
    kind: 'staff' | 'registrant',
    subject: string,
    roles: string[] = [],
    email?: string,
  ) => {
    const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await startSession(hub.db, {
      token,
      kind,
      subject,
      staffName: kind === 'staff' ? `Test ${roles.join(' ')}` : undefined,
      staffEmailIndex: email ? blindIndex(hub.keyring, email.toLowerCase()) : undefined,
      roles,
      idleSeconds: 3600,
      lifetimeSeconds: 3600,
    });
    return token;
  };
  const staff = (role: string) => {
    const token = session('staff', `test-${role}`, [role]);
    return client(() => token);
  };
  return {
    baseUrl,
    ctx,
    trpc: client(),
    as: {
      coordinator: staff('coordinator'),
      supervisor: staff('supervisor'),
      admin: staff('admin'),
      agency: (agencyId) =>
        client(async () => {
          const key = hub.keys.get(agencyId);
          if (!key) throw new Error(`the test hub holds no key for ${agencyId}`);
          return signClientAssertion({ agencyId, key, audience: baseUrl });
        }),
      registrant: (registrantId) => {
        const token = session('registrant', registrantId);
        return client(() => token);
      },
      advocate: (email) => {
        const token = session('staff', `advocate-${email}`, ['advocate'], email);
        return client(() => token);
      },
      ownerOf: (registrationId) => {
        let token: Promise<string> | undefined;
        return client(async () => {
          token ??= findRegistrationOwner(hub.db, registrationId).then((owner) =>
            session('registrant', owner ?? 'nobody'),
          );
          return token;
        });
      },
    },
    session,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
