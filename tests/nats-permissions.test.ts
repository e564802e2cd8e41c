import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  agencyInboxPrefix,
  busNames,
  connectBus,
  createNatsUser,
  ensureTopology,
  jetstream,
  type NatsConnection,
  natsServerConfig,
} from '@switchboard/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNatsServer, localNatsServer } from './harness/nats-server';

/**
 * A real nats-server started with the configuration the hub generates: each agency's NKey user
 * publishes only its own events and reads only its own answers, and nobody gets in without a key.
 */
describe('per-agency NATS users', () => {
  const names = busNames('sb');
  const hub = createNatsUser();
  const jail = createNatsUser();
  const court = createNatsUser();
  let server: LocalNatsServer;
  let dir: string;
  let url: string;
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-nats-'));
    const conf = join(dir, 'nats.conf');
    server = await localNatsServer(() => ['-c', conf]);
    url = server.url;
    const config = natsServerConfig({
      names,
      hubUser: hub.publicKey,
      agencies: [
        { id: 'county-jail', natsUser: jail.publicKey },
        { id: 'riverside-court', natsUser: court.publicKey },
      ],
      port: server.port,
      storeDir: join(dir, 'jetstream'),
    });
    await writeFile(conf, config);
    await server.start();
    const hubConnection = await connectBus(url, 'hub', { nkeySeed: hub.seed });
    connections.push(hubConnection);
    await ensureTopology(hubConnection, names);
  });
  afterAll(async () => {
    for (const nc of connections) await nc.close().catch(() => undefined);
    await server?.kill();
    await rm(dir, { recursive: true, force: true });
  });

  const asAgency = async (id: string, seed: string) => {
    const nc = await connectBus(url, id, { nkeySeed: seed, inboxPrefix: agencyInboxPrefix(id) });
    connections.push(nc);
    return nc;
  };

  it('lets an agency publish its own events into JetStream', async () => {
    const nc = await asAgency('county-jail', jail.seed);
    const ack = await jetstream(nc).publish(names.agencyEvents('county-jail'), '{}');
    expect(ack.stream).toBe(names.caseEventStream);
  });

  it("refuses an agency publishing under another agency's prefix", async () => {
    const nc = await asAgency('county-jail', jail.seed);
    await expect(
      jetstream(nc).publish(names.agencyEvents('riverside-court'), '{}', { timeout: 2000 }),
    ).rejects.toThrow(/permission|timeout|no responders/i);
    const stored = await (await jetstream(connections[0]!).jetstreamManager()).streams.info(
      names.caseEventStream,
    );
    expect(stored.state.subjects?.[names.agencyEvents('riverside-court')] ?? 0).toBe(0);
  });

  it("lets an agency read its own receipts and not another agency's", async () => {
    const nc = await asAgency('riverside-court', court.seed);
    const own = nc.subscribe(names.agencyReceipts('riverside-court'), { max: 1 });
    const theirs = nc.subscribe(names.agencyReceipts('county-jail'));
    const refused = theirs.closed.then(
      (error) => error,
      (error) => error,
    );
    await nc.flush();
    connections[0]!.publish(names.agencyReceipts('riverside-court'), '{"outcome":"accepted"}');
    for await (const message of own) expect(message.string()).toContain('accepted');
    expect(String(await refused)).toMatch(/permission/i);
  }, 10_000);

  it('refuses a connection without a known key', async () => {
    await expect(connectBus(url, 'nobody', {})).rejects.toThrow(/authori[sz]ation/i);
    await expect(connectBus(url, 'stranger', { nkeySeed: createNatsUser().seed })).rejects.toThrow(
      /authori[sz]ation/i,
    );
  });
});
