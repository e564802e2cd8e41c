import type { AddressInfo } from 'node:net';
import { type ApiContext, type AppRouter, consentContext, createApiServer } from '@switchboard/api';
import { SealedPayloadCodec } from '@switchboard/sealed-payloads';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { TestHub } from './hub';

export interface TestApi {
  baseUrl: string;
  trpc: ReturnType<typeof createTRPCClient<AppRouter>>;
  ctx: ApiContext;
  close(): Promise<void>;
}

/** The real API server over a test hub, on a free port, with a tRPC client for it. */
export async function startApi(
  hub: TestHub,
  options: {
    smsAuthToken?: string;
    consentTokenTtlSeconds?: number;
    consentReminderSeconds?: number;
    /** Serves Temporal UI's codec endpoint under /codec/<this token>. */
    codecToken?: string;
  } = {},
): Promise<TestApi> {
  const ctx: ApiContext = {
    db: hub.db,
    temporal: hub.temporal,
    nc: hub.nc,
    names: hub.names,
    taskQueue: hub.taskQueue,
    publicUrl: 'http://127.0.0.1',
    sms: options.smsAuthToken ? { authToken: options.smsAuthToken } : undefined,
    keyring: hub.keyring,
    feeds: { linkConfidence: 0.85, recheckSeconds: 1 },
    codec: options.codecToken
      ? { codec: new SealedPayloadCodec(hub.keyring), accessToken: options.codecToken }
      : undefined,
    consent: consentContext(
      hub.db,
      {
        CONSENT_TOKEN_TTL_SECONDS: options.consentTokenTtlSeconds ?? 3600,
        CONSENT_MAX_DAYS: 365,
        CONSENT_REMINDER_SECONDS: options.consentReminderSeconds ?? 14 * 86_400,
      },
      hub.keyring,
    ),
  };
  const server = createApiServer(ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Known once listening: signed provider callbacks are checked against it.
  ctx.publicUrl = baseUrl;
  return {
    baseUrl,
    ctx,
    trpc: createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${baseUrl}/trpc` })] }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
