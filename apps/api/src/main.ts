import { consentContext, createApiServer } from '@switchboard/api';
import { busNames, connectHubBus } from '@switchboard/bus';
import { loadConfig } from '@switchboard/config';
import { createDb, RateLimits } from '@switchboard/db';
import { stopOnSignal } from '@switchboard/lifecycle';
import { createLogger } from '@switchboard/log';
import { createHubMetrics, serveMetrics } from '@switchboard/metrics';
import { buildPortal } from '@switchboard/portal';
import { SealedPayloadCodec, sealedDataConverter } from '@switchboard/sealed-payloads';
import { parseDataKeys } from '@switchboard/sealing';
import { StaffSignIn } from '@switchboard/staff-sign-in';
import { connectTemporal } from '@switchboard/temporal';
import { startTracing } from '@switchboard/tracing';
import { Client } from '@temporalio/client';

const config = loadConfig();
const tracing = startTracing('api');
const log = createLogger('api', config.LOG_LEVEL);
const db = createDb(config.DATABASE_URL);
// Refuses to start without the data keys: personal data is never read or written in clear.
const keyring = parseDataKeys(config.DATA_KEYS, config.DATA_INDEX_KEY);
const connection = await connectTemporal(config.temporal);
const nc = await connectHubBus(config, 'switchboard-api');
const server = createApiServer(
  {
    db,
    temporal: new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: sealedDataConverter(keyring),
      plugins: tracing.temporalPlugins,
    }),
    codec: { codec: new SealedPayloadCodec(keyring), uiOrigin: config.TEMPORAL_UI_ORIGIN },
    nc,
    names: busNames(config.NATS_PREFIX),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicUrl: config.PUBLIC_URL,
    sms: config.SMS_AUTH_TOKEN
      ? {
          authToken: config.SMS_AUTH_TOKEN,
          ...(config.SMS_FALLBACK_AUTH_TOKEN && { fallbackAuthToken: config.SMS_FALLBACK_AUTH_TOKEN }),
        }
      : undefined,
    keyring,
    rateLimits: new RateLimits(db),
    allowPrivateWebhooks: config.WEBHOOK_PRIVATE_TARGETS === 'allow',
    staffSignIn: config.OIDC_ISSUER
      ? new StaffSignIn({
          issuer: config.OIDC_ISSUER,
          clientId: config.OIDC_CLIENT_ID!,
          clientSecret: config.OIDC_CLIENT_SECRET!,
          redirectUri: `${config.PUBLIC_URL}/sign-in/callback`,
          rolesClaim: config.OIDC_ROLES_CLAIM,
          requiredAmr: config.OIDC_REQUIRED_AMR,
          cliClientId: config.OIDC_CLI_CLIENT_ID,
        })
      : undefined,
    feeds: { linkConfidence: config.LINK_CONFIDENCE, recheckSeconds: config.FEED_RECHECK_SECONDS },
    consent: consentContext(db, config, keyring),
    portal: await buildPortal(),
    safetyHoldMaxHours: config.SAFETY_HOLD_MAX_HOURS,
  },
  { allowedHosts: config.API_ALLOWED_HOSTS },
);

// Read from the database when scraped: urgent news unconfirmed, feeds' health, holds open.
const metrics = createHubMetrics('api', db);
const metricsServer =
  config.API_METRICS_PORT > 0
    ? await serveMetrics(metrics, config.METRICS_HOST, config.API_METRICS_PORT)
    : undefined;

server.listen(config.API_PORT, config.API_HOST, () => {
  log.info(
    { url: `http://${config.API_HOST}:${config.API_PORT}`, portal: '/', health: '/health', trpc: '/trpc' },
    'api listening',
  );
});

stopOnSignal(log, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  metricsServer?.close();
  await nc.drain();
  await connection.close();
  await db.destroy();
  await tracing.shutdown();
});
