import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotificationSettings } from '@switchboard/activities';
import { AgencyDirectory, addKey, onboardAgency } from '@switchboard/agencies';
import type { SigningKey } from '@switchboard/agency-sdk';
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
import {
  createEmailChannel,
  createTelephony,
  createWebhookChannel,
  type TelephonyProvider,
} from '@switchboard/channels';
import { type BurstSettings, createDb, type Db, findAgency, linkSubjects } from '@switchboard/db';
import { signEvent } from '@switchboard/event-signature';
import { type AgencyKind, agencySource } from '@switchboard/events';
import {
  type CaseEventConsumer,
  type StoredEventDispatch,
  startCaseEventConsumer,
  startStoredEventDispatch,
} from '@switchboard/ingest';
import { createLogger } from '@switchboard/log';
import { type Mailbox, startMailbox } from '@switchboard/mailbox';
import type { HubMetrics } from '@switchboard/metrics';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import { sealedDataConverter } from '@switchboard/sealed-payloads';
import { type DataKeyring, parseDataKeys } from '@switchboard/sealing';
import { connectTemporal, connectTemporalWorker } from '@switchboard/temporal';
import { createHubWorker } from '@switchboard/worker';
import { Client } from '@temporalio/client';
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
  /** The run's data keys (DATA_KEYS, DATA_INDEX_KEY), which seal personal data at rest. */
  dataKeys: ServiceEndpoints['dataKeys'];
  keyring: DataKeyring;
  mailbox(): Mailbox;
  /** The private keys of the agencies the hub was seeded with, as each agency holds its own. */
  keys: Map<string, SigningKey>;
  /**
   * Publishes as the agency, signed with its key unless `key` says otherwise (`null`: unsigned).
   * `msgId: false` bypasses JetStream's duplicate window, as a late replay would.
   */
  publish(
    agencyId: string,
    event: object | string,
    options?: { msgId?: false; key?: SigningKey | null },
  ): Promise<PublishOutcome>;
  /** The registrant behind a registration (consents are the registrant's, not one registration's). */
  registrantOf(registrationId: string): Promise<string>;
  /** A registration confirmed in person: by email, or by text to `phone`. */
  register(
    subjectRef: string,
    registrant?: {
      displayName: string;
      language?: string;
      advocate?: { displayName: string; email: string; organisation: string };
      /** A portal inbox too. */
      portal?: true;
    } & ({ email: string } | { phone: string }),
    /** The agency whose reference `subjectRef` is; the county jail unless said. */
    agencyId?: string,
  ): Promise<string>;
  /** The ids of the workflows a Temporal UI query finds, as a coordinator would see them. */
  workflowIds(query: string): Promise<string[]>;
  /** The county jail's booking and the state prison's number are one person, as a confirmed link records it. */
  transferredToPrison(subjectRef: string): Promise<void>;
  stopMailbox(): Promise<void>;
  startMailbox(): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

export const seededAgencies = [
  ['county-jail', 'Riverside County Jail', 'jail'],
  ['riverside-court', 'Riverside Superior Court', 'court'],
  ['state-parole-board', 'State Board of Parole Hearings', 'parole_board'],
  ['riverside-probation', 'Riverside County Probation', 'probation'],
  ['state-prison', 'State Prison, North Facility', 'prison'],
] as const;

export async function startHub(
  services: ServiceEndpoints,
  options: {
    logLevel?: string;
    /** Every log line of the hub's ingest and worker, as written (a test reads them for personal data). */
    logTo?: { write(line: string): void };
    settings?: Partial<NotificationSettings>;
    /** Counts what ingest and the worker do, as the processes' metrics do. */
    metrics?: HubMetrics;
    /** false: no worker in this process; the test runs apps/worker itself (to kill it). */
    worker?: boolean;
    /** An SMS provider (the tests' stand-in); read at each send, so its callback URL may be set later. */
    sms?: TelephonyProvider;
    /** A second SMS provider that texts and calls fail over to. */
    smsFallback?: TelephonyProvider;
    /**
     * Burst protection. Off unless given: the run's tests share seeded agencies and publish far
     * more releases in ten minutes than any real jail.
     */
    burst?: Partial<BurstSettings>;
    /** Agencies of the test's own (id, name, kind), onboarded with keys like the seeded ones. */
    agencies?: (readonly [string, string, string])[];
    /** Starts ingest's dispatcher of stored events (snapshots, released holds) for these agencies. */
    dispatchFor?: string[];
  } = {},
): Promise<TestHub> {
  const id = `${process.pid.toString(36)}${Date.now().toString(36)}${counter++}`;
  const log = createLogger(
    'test-hub',
    options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'warn',
    options.logTo,
  );
  const db = createDb(services.databaseUrl);
  const keyring = parseDataKeys(services.dataKeys.DATA_KEYS, services.dataKeys.DATA_INDEX_KEY);
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

  const connection = await connectTemporal({
    address: services.temporalAddress,
    namespace: services.temporalNamespace,
  });
  const dataConverter = sealedDataConverter(keyring);
  const temporal = new Client({ connection, namespace: services.temporalNamespace, dataConverter });
  const taskQueue = `test-${id}`;
  const nativeConnection = await connectTemporalWorker({
    address: services.temporalAddress,
    namespace: services.temporalNamespace,
  });
  const worker: Worker | undefined =
    options.worker === false
      ? undefined
      : await createHubWorker({
          connection: nativeConnection,
          namespace: services.temporalNamespace,
          taskQueue,
          dataConverter,
          deps: {
            db,
            keyring,
            email,
            webhook: createWebhookChannel({ timeoutMs: 2000, allowPrivateTargets: true }),
            telephony: options.sms && createTelephony(options.sms, options.smsFallback),
            log,
            settings: {
              publicUrl: 'http://127.0.0.1:3000',
              repeatEverySeconds: 1800,
              repeatForSeconds: 86_400,
              // A released safety hold is seen within a second, not the production 30.
              safetyHoldRecheckSeconds: 1,
              ...options.settings,
            },
            temporal: { client: temporal, taskQueue },
            bus: { nc, names },
            metrics: options.metrics,
          },
        });
  const running = worker?.run();
  const agencies = new AgencyDirectory(db);
  const burst: BurstSettings = {
    windowSeconds: 600,
    factor: 5,
    minimum: Number.MAX_SAFE_INTEGER,
    baselineDays: 7,
    ...options.burst,
  };
  const consumer: CaseEventConsumer = await startCaseEventConsumer({
    db,
    temporal,
    taskQueue,
    agencies,
    burst,
    nc,
    names,
    log,
    observe: options.metrics?.caseEvent,
  });
  const dispatch: StoredEventDispatch | undefined =
    options.dispatchFor &&
    startStoredEventDispatch({
      db,
      temporal,
      taskQueue,
      burst,
      log,
      everyMs: 250,
      agencyIds: options.dispatchFor,
    });

  // Agencies live in the run's shared database; each hub signs with keys of its own.
  const keys = new Map<string, SigningKey>();
  const registry = { db, bus: { nc, names } };
  for (const [id, name, kind] of [...seededAgencies, ...(options.agencies ?? [])]) {
    const key = (await findAgency(db, id))
      ? await addKey(registry, id)
      : (await onboardAgency(registry, { id, name, kind: kind as AgencyKind })).key;
    keys.set(id, { kid: key.kid, privateJwk: key.privateJwk! });
  }

  return {
    db,
    nc,
    names,
    temporal,
    taskQueue,
    mailDir,
    dataKeys: services.dataKeys,
    keyring,
    mailbox: () => mailbox,
    keys,
    async publish(agencyId, event, publishOptions = {}) {
      const payload = typeof event === 'string' ? event : JSON.stringify(event);
      const key = publishOptions.key === undefined ? keys.get(agencyId) : publishOptions.key;
      return publishCaseEvent(nc, names, agencyId, payload, {
        signature: key ? await signEvent(payload, key) : undefined,
        msgId: publishOptions.msgId,
      });
    },
    async registrantOf(registrationId) {
      const row = await db
        .selectFrom('registration')
        .select('registrant_id')
        .where('id', '=', registrationId)
        .executeTakeFirstOrThrow();
      return row.registrant_id;
    },
    async register(
      subjectRef,
      registrant = { displayName: 'Jordan Example', email: 'jordan@example.test' },
      agencyId = 'county-jail',
    ) {
      return (await enrolConfirmedInPerson(db, keyring, { agencyId, subjectRef, ...registrant }))
        .registrationId;
    },
    async transferredToPrison(subjectRef) {
      await linkSubjects(
        db,
        { agencyId: 'county-jail', subjectRef },
        { agencyId: 'state-prison', subjectRef },
        'test: transferred',
      );
    },
    async workflowIds(query) {
      const ids: string[] = [];
      for await (const workflow of temporal.workflow.list({ query })) ids.push(workflow.workflowId);
      return ids;
    },
    stopMailbox: () => mailbox.close(),
    async startMailbox() {
      mailbox = await startMailbox({ dir: mailDir, port: smtpPort });
    },
    async stop() {
      await consumer.stop();
      await dispatch?.stop();
      worker?.shutdown();
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
