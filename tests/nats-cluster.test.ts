import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  busNames,
  connectBus,
  deleteTopology,
  jetstream,
  type NatsConnection,
  sendCaseEvent,
} from '@switchboard/bus';
import { findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { signEvent } from '@switchboard/event-signature';
import { header, readMailbox } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';
import { kill, spawnIngest, spawnWorker } from './harness/hub-process';
import { type LocalNatsServer, localNatsServer } from './harness/nats-server';
import { freePort } from './harness/ports';
import { startSmsStandIn } from './harness/sms-provider';

const EVENTS = 48;
const PER_SECOND = 2.5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scale-out as a state runs it, on one machine: a real three-node NATS cluster (three nats-server
 * processes with routes, JetStream R3), two ingest processes and two worker processes sharing the
 * work. A steady stream of ordinary and urgent events goes in; mid-stream the node leading the
 * case-event stream and one worker are killed with SIGKILL, and later started again. Counted at
 * the SMTP server and the SMS provider: every registrant told once, nobody twice.
 */
describe('a three-node NATS cluster with two ingest and two worker processes', () => {
  let hub: TestHub;
  let sms: Awaited<ReturnType<typeof startSmsStandIn>>;
  let agency: NatsConnection | undefined;
  const nodes: (LocalNatsServer & { name: string; storeDir: string })[] = [];
  const processes: ChildProcess[] = [];
  /** A hub process that died when the test did not kill it: a failure however the counts end. */
  const unexpectedExits: string[] = [];
  const killedOnPurpose = new Set<ChildProcess>();
  const watched = (child: ChildProcess, label: string) =>
    child.on('exit', (code, signal) => {
      if (!killedOnPurpose.has(child)) unexpectedExits.push(`${label} exited (${code ?? signal})`);
    });
  const prefix = `cl${Date.now().toString(36).slice(-8)}`;
  const names = busNames(prefix);

  beforeAll(async () => {
    hub = await startHub(inject('services'), { worker: false });
    sms = await startSmsStandIn();
    const clusterPorts = [await freePort(), await freePort(), await freePort()];
    for (const [i, clusterPort] of clusterPorts.entries()) {
      const name = `switchboard-${i + 1}`;
      const storeDir = await mkdtemp(join(tmpdir(), `switchboard-${name}-`));
      const routes = clusterPorts.filter((p) => p !== clusterPort).map((p) => `nats://127.0.0.1:${p}`);
      const node = await localNatsServer((port) => [
        ...['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, '--server_name', name],
        ...['--cluster_name', 'switchboard', '--cluster', `nats://127.0.0.1:${clusterPort}`],
        ...['--routes', routes.join(',')],
      ]);
      nodes.push(Object.assign(node, { name, storeDir }));
    }
    await Promise.all(nodes.map((node) => node.start()));
  }, 60_000);

  afterAll(async () => {
    for (const child of processes) {
      killedOnPurpose.add(child);
      await kill(child, 'SIGTERM');
    }
    if (agency) {
      await deleteTopology(agency, names).catch(() => undefined);
      await agency.close();
    }
    for (const node of nodes) {
      await node.kill('SIGTERM');
      await rm(node.storeDir, { recursive: true, force: true });
    }
    await sms?.close();
    await hub?.stop();
  });

  it('loses nothing and doubles nothing when a node and a worker die mid-stream', async () => {
    const services = inject('services');
    const clusterUrl = nodes.map((node) => node.url).join(',');
    const shared = {
      NATS_URL: clusterUrl,
      NATS_PREFIX: prefix,
      NATS_STREAM_REPLICAS: '3',
      TEMPORAL_TASK_QUEUE: hub.taskQueue,
    };
    const ingest = () => watched(spawnIngest(services, { ...shared, INGEST_METRICS_PORT: '0' }), 'ingest');
    const worker = () =>
      watched(
        spawnWorker(services, {
          ...shared,
          WORKER_METRICS_PORT: '0',
          SMTP_PORT: String(hub.mailbox().port),
          SMS_API_BASE: sms.apiBase,
          SMS_ACCOUNT_SID: sms.accountSid,
          SMS_AUTH_TOKEN: sms.authToken,
          SMS_FROM: sms.from,
        }),
        'worker',
      );
    processes.push(ingest(), ingest(), worker(), worker());

    // Every third event is an escape (urgent: email and a text with a PIN), the rest releases.
    const plan: { event: { id: string }; email: string; phone: string | undefined }[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const subject = uniqueSubject();
      const urgent = i % 3 === 0;
      const email = `victim-${i}@example.test`;
      await hub.register(subject, { displayName: `Victim ${i}`, email });
      const phone = urgent ? `+1415555${String(1000 + i).padStart(4, '0')}` : undefined;
      if (phone) await hub.register(subject, { displayName: `Victim ${i} by text`, phone });
      const event = urgent
        ? custodyRelease('county-jail', subject, {
            type: 'custody.escaped',
            data: { escapedAt: new Date().toISOString(), facility: 'Riverside County Jail' },
          })
        : custodyRelease('county-jail', subject);
      plan.push({ event, email, phone });
    }

    // The agency's client knows all three nodes, as the hub's processes do.
    agency = await connectBus(clusterUrl, 'county-jail (cluster test)');
    const jsm = await jetstream(agency).jetstreamManager();
    let streamReady = false;
    for (let i = 0; i < 100 && !streamReady; i++) {
      const info = await jsm.streams.info(names.caseEventStream).catch(() => undefined);
      streamReady = info?.config.num_replicas === 3 && (info.cluster?.replicas?.length ?? 0) === 2;
      if (!streamReady) await sleep(200);
    }
    expect(streamReady, 'ingest made the case-event stream with three replicas').toBe(true);

    const key = hub.keys.get('county-jail')!;
    let killedNode: (typeof nodes)[number] | undefined;
    let retries = 0;
    for (const [i, { event }] of plan.entries()) {
      if (i === Math.floor(EVENTS / 4)) {
        // The leader of the case-event stream, and one worker, die without a word.
        const leader = (await jsm.streams.info(names.caseEventStream)).cluster?.leader;
        killedNode = nodes.find((node) => node.name === leader) ?? nodes[0]!;
        await killedNode.kill('SIGKILL');
        killedOnPurpose.add(processes[2]!);
        await kill(processes[2]!, 'SIGKILL');
      }
      if (i === Math.floor((EVENTS * 2) / 3)) {
        await killedNode!.start();
        processes[2] = worker();
      }
      const payload = JSON.stringify(event);
      const signature = await signEvent(payload, key);
      // An agency's publisher retries until JetStream acknowledges; the event id dedupes a retry.
      for (let attempt = 0; ; attempt++) {
        try {
          await sendCaseEvent(agency, names, 'county-jail', payload, { signature });
          break;
        } catch (error) {
          if (attempt > 60) throw error;
          retries++;
          await sleep(500);
        }
      }
      await sleep(1000 / PER_SECOND);
    }

    const expectedMails = plan.length;
    const expectedTexts = plan.filter((p) => p.phone).length;
    const told = async () => {
      const mails = (await readMailbox(hub.mailDir)).filter((m) =>
        plan.some((p) => header(m, 'X-Switchboard-Event') === `county-jail/${p.event.id}`),
      );
      const texts = sms.messages.filter((m) => plan.some((p) => p.phone === m.to));
      return { mails, texts };
    };
    const deadline = Date.now() + 180_000;
    let seen = await told();
    while (
      (seen.mails.length < expectedMails || seen.texts.length < expectedTexts) &&
      Date.now() < deadline
    ) {
      await sleep(500);
      seen = await told();
    }
    // Time for a second copy to arrive, if one were coming.
    await sleep(5000);
    seen = await told();

    const lost: string[] = [];
    const doubled: string[] = [];
    for (const { event, email, phone } of plan) {
      const mails = seen.mails.filter((m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`);
      const to = mails.map((m) => (Array.isArray(m.mail.to) ? m.mail.to[0] : m.mail.to)?.text);
      if (to.length === 0) lost.push(`${event.id} email`);
      if (to.length > 1) doubled.push(`${event.id} email ×${to.length}`);
      expect(to.every((address) => address === email)).toBe(true);
      if (phone) {
        const texts = seen.texts.filter((m) => m.to === phone).length;
        if (texts === 0) lost.push(`${event.id} text`);
        if (texts > 1) doubled.push(`${event.id} text ×${texts}`);
      }
    }
    console.info(
      `cluster fault test: ${plan.length} events (${expectedTexts} urgent), ${expectedMails} emails and ${expectedTexts} texts expected; ` +
        `${seen.mails.length} emails, ${seen.texts.length} texts counted; lost ${lost.length}, doubled ${doubled.length}; ` +
        `killed node ${killedNode?.name} (stream leader) and a worker; ${retries} publish retries`,
    );
    expect(unexpectedExits).toEqual([]);
    expect(lost).toEqual([]);
    expect(doubled).toEqual([]);

    // The hub's own record agrees: one case event per published event, every delivery sent once.
    for (const { event } of plan) {
      const row = await findCaseEvent(hub.db, 'county-jail', event.id);
      expect(row?.workflow_id, `event ${event.id} started`).toBeTruthy();
      const deliveries = await listDeliveriesForCaseEvent(hub.db, row!.id);
      expect(deliveries.map((d) => d.status).filter((s) => s !== 'sent')).toEqual([]);
    }

    // The restarted node caught up: all three copies of the stream are current again.
    let current = false;
    for (let i = 0; i < 150 && !current; i++) {
      const info = await jsm.streams.info(names.caseEventStream);
      current =
        (info.cluster?.replicas ?? []).length === 2 &&
        (info.cluster?.replicas ?? []).every((replica: { current: boolean }) => replica.current);
      if (!current) await sleep(200);
    }
    expect(current).toBe(true);
  }, 420_000);
});
