import { busNames, connectHubBus } from '@switchboard/bus';
import { createEmailChannel, createTelephony, createWebhookChannel } from '@switchboard/channels';
import { loadConfig, telephonyFallbackOf, telephonyProviderOf } from '@switchboard/config';
import { createDb } from '@switchboard/db';
import { stopOnSignal } from '@switchboard/lifecycle';
import { createLogger } from '@switchboard/log';
import { createHubMetrics, serveMetrics } from '@switchboard/metrics';
import { sealedDataConverter } from '@switchboard/sealed-payloads';
import { parseDataKeys } from '@switchboard/sealing';
import { connectTemporal, connectTemporalWorker } from '@switchboard/temporal';
import { startTracing } from '@switchboard/tracing';
import { createHubWorker } from '@switchboard/worker';
import { Client } from '@temporalio/client';

const config = loadConfig();
const tracing = startTracing('worker');
const log = createLogger('worker', config.LOG_LEVEL);
const smsProvider = telephonyProviderOf(config);
const db = createDb(config.DATABASE_URL);
const email = createEmailChannel({ host: config.SMTP_HOST, port: config.SMTP_PORT, from: config.MAIL_FROM });
const nc = await connectHubBus(config, 'switchboard-worker');
const connection = await connectTemporalWorker(config.temporal);
// The worker's own client, for the activity that starts or signals a hearing's workflow.
const clientConnection = await connectTemporal(config.temporal);
// Refuses to start without the data keys: personal data is never read or written in clear.
const keyring = parseDataKeys(config.DATA_KEYS, config.DATA_INDEX_KEY);
const dataConverter = sealedDataConverter(keyring);
const client = new Client({
  connection: clientConnection,
  namespace: config.temporal.namespace,
  dataConverter,
  plugins: tracing.temporalPlugins,
});
const metrics = createHubMetrics('worker');
const worker = await createHubWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  dataConverter,
  plugins: tracing.temporalPlugins,
  deps: {
    db,
    keyring,
    email,
    webhook: createWebhookChannel({ allowPrivateTargets: config.WEBHOOK_PRIVATE_TARGETS === 'allow' }),
    telephony: smsProvider && createTelephony(smsProvider, telephonyFallbackOf(config)),
    log,
    settings: {
      publicUrl: config.PUBLIC_URL,
      coordinatorEmail: config.COORDINATOR_EMAIL,
      repeatEverySeconds: config.URGENT_REPEAT_EVERY_SECONDS,
      repeatForSeconds: config.URGENT_REPEAT_FOR_SECONDS,
      deliveryTimeoutSeconds: config.DELIVERY_TIMEOUT_SECONDS,
      hearingRemindersSeconds: config.HEARING_REMINDERS_SECONDS,
      statementReminderSeconds: config.STATEMENT_REMINDER_SECONDS,
      safetyHoldRecheckSeconds: config.SAFETY_HOLD_RECHECK_SECONDS,
      webhookMaxFailures: config.WEBHOOK_MAX_FAILURES,
    },
    temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE },
    bus: { nc, names: busNames(config.NATS_PREFIX) },
    metrics,
  },
});
const metricsServer =
  config.WORKER_METRICS_PORT > 0
    ? await serveMetrics(metrics, config.METRICS_HOST, config.WORKER_METRICS_PORT)
    : undefined;

stopOnSignal(log, async () => {
  worker.shutdown();
  await running;
});
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.temporal.address }, 'worker running');
const running = worker.run().finally(async () => {
  email.close();
  metricsServer?.close();
  await connection.close();
  await clientConnection.close();
  await nc.close();
  await db.destroy();
  await tracing.shutdown();
});
await running;
