import { AgencyDirectory } from '@switchboard/agencies';
import { busNames, connectHubBus, ensureTopology } from '@switchboard/bus';
import { burstSettings, loadConfig } from '@switchboard/config';
import { createDb } from '@switchboard/db';
import { startCaseEventConsumer, startStoredEventDispatch } from '@switchboard/ingest';
import { stopOnSignal } from '@switchboard/lifecycle';
import { createLogger } from '@switchboard/log';
import { createHubMetrics, serveMetrics } from '@switchboard/metrics';
import { sealedDataConverter } from '@switchboard/sealed-payloads';
import { parseDataKeys } from '@switchboard/sealing';
import { connectTemporal } from '@switchboard/temporal';
import { startTracing } from '@switchboard/tracing';
import { Client } from '@temporalio/client';

const config = loadConfig();
const tracing = startTracing('ingest');
const log = createLogger('ingest', config.LOG_LEVEL);
const db = createDb(config.DATABASE_URL);
const nc = await connectHubBus(config, 'switchboard-ingest');
const names = busNames(config.NATS_PREFIX);
await ensureTopology(nc, names, { replicas: config.NATS_STREAM_REPLICAS });
const connection = await connectTemporal(config.temporal);
// Workflow inputs are sealed like every other payload the hub gives Temporal.
const keyring = parseDataKeys(config.DATA_KEYS, config.DATA_INDEX_KEY);
const temporal = new Client({
  connection,
  namespace: config.temporal.namespace,
  dataConverter: sealedDataConverter(keyring),
  plugins: tracing.temporalPlugins,
});

const metrics = createHubMetrics('ingest');
const metricsServer =
  config.INGEST_METRICS_PORT > 0
    ? await serveMetrics(metrics, config.METRICS_HOST, config.INGEST_METRICS_PORT)
    : undefined;
const deps = {
  db,
  temporal,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  agencies: new AgencyDirectory(db),
  burst: burstSettings(config),
  log,
  observe: metrics.caseEvent,
};
const consumer = await startCaseEventConsumer({ ...deps, nc, names });
// Snapshot-derived events, bursts a coordinator released, and anything a crash left unstarted.
const dispatch = startStoredEventDispatch(deps);
log.info({ stream: names.caseEventStream, consumer: names.ingestConsumer }, 'ingest running');

stopOnSignal(log, async () => {
  await consumer.stop();
  await dispatch.stop();
  metricsServer?.close();
  await nc.drain();
  await connection.close();
  await db.destroy();
  await tracing.shutdown();
});
