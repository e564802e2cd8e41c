import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onboardAgency } from '@switchboard/agencies';
import { createAgencyClient } from '@switchboard/agency-sdk';
import { busNames, connectBus, ensureTopology, type NatsConnection, sendCaseEvent } from '@switchboard/bus';
import { countCaseEvents, createDb, type Db } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kill, spawnIngest } from './harness/hub-process';
import { type LocalNatsServer, localNatsServer } from './harness/nats-server';

/**
 * NATS itself goes down hard and comes back (same store): every event JetStream had acknowledged
 * before the crash, and every one sent after, is ingested once, by an ingest process that was
 * never restarted.
 */
describe('NATS restarted under load', () => {
  const services = inject('services');
  const names = busNames('sb');
  let dir: string;
  let url: string;
  let server: LocalNatsServer;
  let ingest: ChildProcess | undefined;
  let nc: NatsConnection;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-nats-restart-'));
    server = await localNatsServer((port) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir]);
    url = server.url;
    await server.start();
    nc = await connectBus(url, 'restart-test');
    db = createDb(services.databaseUrl);
    await ensureTopology(nc, names);
  });
  afterAll(async () => {
    if (ingest) await kill(ingest, 'SIGTERM');
    await nc?.close();
    await server?.kill();
    await db?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('ingests every acknowledged event once, across the restart', async () => {
    const agencyId = `restart-jail-${Date.now().toString(36)}`;
    const { key } = await onboardAgency({ db }, { id: agencyId, name: 'Restart Test Jail', kind: 'jail' });
    const agency = createAgencyClient({ agencyId, key: { kid: key.kid, privateJwk: key.privateJwk! } });
    ingest = spawnIngest(services, {
      NATS_URL: url,
      NATS_PREFIX: names.prefix,
      TEMPORAL_TASK_QUEUE: `restart-${agencyId}`,
    });

    const send = async (i: number) => {
      const event = agency.build('custody.booked', {
        subject: `RESTART-${i}`,
        data: { bookedAt: new Date().toISOString(), facility: 'Restart Test Jail' },
      });
      const { body, signature } = await agency.sign(event);
      // An agency retries until JetStream acknowledges; that ack is its proof of delivery.
      for (;;) {
        try {
          return await sendCaseEvent(nc, names, agencyId, body, { signature });
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    };

    for (let i = 0; i < 150; i++) await send(i);
    await expect
      .poll(async () => (await countCaseEvents(db, agencyId)).stored, { timeout: 60_000 })
      .toBeGreaterThan(5);

    await server.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await server.start();
    for (let i = 150; i < 300; i++) await send(i);

    await expect
      .poll(async () => (await countCaseEvents(db, agencyId)).started, { timeout: 120_000, interval: 500 })
      .toBe(300);
    expect(await countCaseEvents(db, agencyId)).toEqual({ stored: 300, started: 300, held: 0 });
  });
});
