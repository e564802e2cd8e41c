import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BusNames,
  busNames,
  connectBus,
  deleteTopology,
  ensureTopology,
  type NatsConnection,
  type PublishOutcome,
  publishCaseEvent,
} from '@switchboard/bus';
import { createEmailChannel } from '@switchboard/channels';
import { createDb, createRegistrant, type Db, register, saveAgency } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { type CaseEventConsumer, startCaseEventConsumer } from '@switchboard/ingest';
import { createLogger } from '@switchboard/log';
import { type Mailbox, startMailbox } from '@switchboard/mailbox';
import { createHubWorker, NativeConnection } from '@switchboard/worker';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { ServiceEndpoints } from './services';

/**
 * The whole hub in the test's process, on real services: ingest consuming real JetStream, a real
 * Temporal worker, and a real SMTP server writing to a folder of its own. Each hub has its own
 * NATS prefix and task queue, so hubs never see each other's work.
 */
export interface TestHub {
  db: Db;
  nc: NatsConnection;
  names: BusNames;
  temporal: Client;
  taskQueue: string;
  mailDir: string;
  mailbox(): Mailbox;
  /** Publishes as the agency; `msgId: false` bypasses JetStream's duplicate window, as a late replay would. */
  publish(agencyId: string, event: object | string, options?: { msgId?: false }): Promise<PublishOutcome>;
  register(
    subjectRef: string,
    registrant?: { displayName: string; email: string; language?: string },
  ): Promise<string>;
  stopMailbox(): Promise<void>;
  startMailbox(): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startHub(
  services: ServiceEndpoints,
  options: { logLevel?: string } = {},
): Promise<TestHub> {
  const id = `${process.pid.toString(36)}${Date.now().toString(36)}${counter++}`;
  const log = createLogger('test-hub', options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'warn');
  const db = createDb(services.databaseUrl);
  const nc = await connectBus(services.natsUrl, `switchboard-test-${id}`);
  const names = busNames(`t${id}`.slice(0, 16));
  await ensureTopology(nc, names);

  const mailDir = await mkdtemp(join(tmpdir(), 'switchboard-mail-'));
  let mailbox = await startMailbox({ dir: mailDir });
  const smtpPort = mailbox.port;
  const email = createEmailChannel({
    host: '127.0.0.1',
    port: smtpPort,
    from: 'Switchboard <hub@switchboard.test>',
  });

  const connection = await Connection.connect({ address: services.temporalAddress });
  const temporal = new Client({ connection, namespace: services.temporalNamespace });
  const taskQueue = `test-${id}`;
  const nativeConnection = await NativeConnection.connect({ address: services.temporalAddress });
  const worker: Worker = await createHubWorker({
    connection: nativeConnection,
    namespace: services.temporalNamespace,
    taskQueue,
    deps: { db, email, log },
  });
  const running = worker.run();
  const consumer: CaseEventConsumer = await startCaseEventConsumer({
    db,
    temporal,
    taskQueue,
    nc,
    names,
    log,
  });

  await saveAgency(db, { id: 'county-jail', name: 'Riverside County Jail', kind: 'jail' });
  await saveAgency(db, { id: 'riverside-court', name: 'Riverside Superior Court', kind: 'court' });

  return {
    db,
    nc,
    names,
    temporal,
    taskQueue,
    mailDir,
    mailbox: () => mailbox,
    publish(agencyId, event, publishOptions = {}) {
      const payload = typeof event === 'string' ? event : JSON.stringify(event);
      const eventId = typeof event === 'object' ? (event as { id?: string }).id : undefined;
      return publishCaseEvent(nc, names, agencyId, payload, {
        eventId,
        msgId: publishOptions.msgId,
      });
    },
    async register(subjectRef, registrant = { displayName: 'Jordan Example', email: 'jordan@example.test' }) {
      const { id: registrantId } = await createRegistrant(db, { language: 'en', ...registrant });
      return (await register(db, { registrantId, subjectRef, channel: 'email' })).id;
    },
    stopMailbox: () => mailbox.close(),
    async startMailbox() {
      mailbox = await startMailbox({ dir: mailDir, port: smtpPort });
    },
    async stop() {
      await consumer.stop();
      worker.shutdown();
      await running;
      email.close();
      await mailbox.close();
      await deleteTopology(nc, names);
      await nc.close();
      await connection.close();
      await nativeConnection.close();
      await db.destroy();
      await rm(mailDir, { recursive: true, force: true });
    },
  };
}

/** A valid custody.released event; override anything. */
export function custodyRelease(
  agencyId: string,
  subjectRef: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { id: string } {
  const now = new Date();
  return {
    specversion: '1.0',
    id: `evt-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    source: agencySource(agencyId),
    type: 'custody.released',
    subject: subjectRef,
    time: now.toISOString(),
    data: { reason: 'sentence_completed', releasedAt: now.toISOString(), facility: 'Riverside County Jail' },
    ...overrides,
  };
}

export const uniqueSubject = () =>
  `SUBJ-${Date.now().toString(36).toUpperCase()}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
