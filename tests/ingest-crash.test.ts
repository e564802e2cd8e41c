import type { ChildProcess } from 'node:child_process';
import { onboardAgency } from '@switchboard/agencies';
import { createAgencyClient } from '@switchboard/agency-sdk';
import {
  busNames,
  connectBus,
  deleteTopology,
  ensureTopology,
  type NatsConnection,
  type Receipt,
  sendCaseEvent,
} from '@switchboard/bus';
import { countCaseEvents, createDb, type Db } from '@switchboard/db';
import { sealedDataConverter } from '@switchboard/sealed-payloads';
import { parseDataKeys } from '@switchboard/sealing';
import { connectTemporal } from '@switchboard/temporal';
import { Client, type Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kill, spawnIngest } from './harness/hub-process';

/**
 * An event JetStream acknowledged to an agency survives the ingest process dying mid-stream:
 * kill -9 it while it works, start another, and every event is stored once with one workflow.
 */
describe('ingest killed mid-stream', () => {
  const services = inject('services');
  const names = busNames(`crash${Date.now().toString(36).slice(-6)}`);
  const taskQueue = `${names.prefix}-hub`;
  let nc: NatsConnection;
  let db: Db;
  let connection: Connection;
  let temporal: Client;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    nc = await connectBus(services.natsUrl, 'crash-test');
    db = createDb(services.databaseUrl);
    connection = await connectTemporal({
      address: services.temporalAddress,
      namespace: services.temporalNamespace,
    });
    temporal = new Client({
      connection,
      namespace: services.temporalNamespace,
      dataConverter: sealedDataConverter(
        parseDataKeys(services.dataKeys.DATA_KEYS, services.dataKeys.DATA_INDEX_KEY),
      ),
    });
    await ensureTopology(nc, names);
  });
  afterAll(async () => {
    for (const child of children) await kill(child);
    await deleteTopology(nc, names);
    await nc?.close();
    await connection?.close();
    await db?.destroy();
  });

  it('loses nothing and doubles nothing', async () => {
    const agencyId = `crash-jail-${Date.now().toString(36)}`;
    const { key } = await onboardAgency({ db }, { id: agencyId, name: 'Crash Test Jail', kind: 'jail' });
    const agency = createAgencyClient({ agencyId, key: { kid: key.kid, privateJwk: key.privateJwk! } });

    let answered = 0;
    const outcomes: Receipt['outcome'][] = [];
    nc.subscribe(names.agencyReceipts(agencyId), {
      callback: (_error, message) => {
        answered++;
        outcomes.push(message.json<Receipt>().outcome);
      },
    });

    const first = spawnIngest(services, { NATS_PREFIX: names.prefix, TEMPORAL_TASK_QUEUE: taskQueue });
    children.push(first);

    // 300 events, each acknowledged by JetStream before we go on: the agency has been told "stored".
    const total = 300;
    for (let i = 0; i < total; i++) {
      const event = agency.build('custody.booked', {
        subject: `CRASH-${i}`,
        data: { bookedAt: new Date().toISOString(), facility: 'Crash Test Jail' },
      });
      const { body, signature } = await agency.sign(event);
      await sendCaseEvent(nc, names, agencyId, body, { signature });
    }

    // Kill it for real while it is part-way through.
    await expect.poll(() => answered, { timeout: 60_000 }).toBeGreaterThan(20);
    await kill(first, 'SIGKILL');
    const killedAfter = answered;

    const second = spawnIngest(services, { NATS_PREFIX: names.prefix, TEMPORAL_TASK_QUEUE: taskQueue });
    children.push(second);
    await expect
      .poll(async () => (await countCaseEvents(db, agencyId)).started, { timeout: 120_000, interval: 500 })
      .toBe(total);

    const counts = await countCaseEvents(db, agencyId);
    expect(counts).toEqual({ stored: total, started: total, held: 0 });
    await expect
      .poll(async () => (await temporal.workflow.count(`AgencyId="${agencyId}"`)).count, { timeout: 20_000 })
      .toBe(total);
    // Events in hand when the first process died were redelivered; their second answer says duplicate.
    expect(outcomes.filter((o) => o === 'rejected')).toEqual([]);
    expect(killedAfter).toBeLessThan(total);
  });
});
