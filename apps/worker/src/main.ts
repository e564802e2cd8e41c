import { createEmailChannel } from '@switchboard/channels';
import { loadConfig } from '@switchboard/config';
import { createDb } from '@switchboard/db';
import { stopOnSignal } from '@switchboard/lifecycle';
import { createLogger } from '@switchboard/log';
import { createHubWorker, NativeConnection } from '@switchboard/worker';

const config = loadConfig();
const log = createLogger('worker', config.LOG_LEVEL);
const db = createDb(config.DATABASE_URL);
const email = createEmailChannel({ host: config.SMTP_HOST, port: config.SMTP_PORT, from: config.MAIL_FROM });
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const worker = await createHubWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  deps: {
    db,
    email,
    log,
    settings: {
      publicUrl: config.PUBLIC_URL,
      coordinatorEmail: config.COORDINATOR_EMAIL,
      repeatEverySeconds: config.URGENT_REPEAT_EVERY_SECONDS,
      repeatForSeconds: config.URGENT_REPEAT_FOR_SECONDS,
      deliveryTimeoutSeconds: config.DELIVERY_TIMEOUT_SECONDS,
    },
  },
});

stopOnSignal(log, async () => {
  worker.shutdown();
  await running;
});
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker running');
const running = worker.run().finally(async () => {
  email.close();
  await connection.close();
  await db.destroy();
});
await running;
