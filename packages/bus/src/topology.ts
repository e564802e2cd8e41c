import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusNames } from './subjects';

const day = 24 * 60 * 60 * 1e9; // JetStream durations are nanoseconds

/**
 * Creates or updates the streams and the ingest consumer. Idempotent: every process may call it at
 * start-up, so any one of them can run alone against a fresh NATS server.
 * `replicas`: copies of each stream in a JetStream cluster (3 in production: one node may fail);
 * the consumers follow their stream's.
 */
export async function ensureTopology(
  nc: NatsConnection,
  names: BusNames,
  options: { replicas?: number } = {},
): Promise<void> {
  // A cluster that has just started (or lost its meta leader) answers nothing until it has elected
  // one, and processes starting together race to create the same streams: try again, for a while.
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      return await ensureTopologyOnce(nc, names, options.replicas ?? 1);
    } catch (error) {
      if (!isPassing(error) || Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function ensureTopologyOnce(nc: NatsConnection, names: BusNames, replicas: number): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const ensureStream = (config: StreamShape) => ensureStreamOf(jsm, { ...config, num_replicas: replicas });
  await ensureStream({
    name: names.caseEventStream,
    subjects: [names.allAgencyEvents],
    // Kept 30 days so a replay or a new consumer can re-read them; the hub's copy is PostgreSQL.
    max_age: 30 * day,
    duplicate_window: 2 * 60 * 1e9,
    max_msg_size: 256 * 1024,
  });
  await ensureStream({
    name: names.receiptStream,
    subjects: [names.allAgencyReceipts],
    max_age: 7 * day,
  });
  // Forwards hold identifiers and the publishing agency's event, never a registrant's data.
  await ensureStream({
    name: names.feedStream,
    subjects: [`${names.prefix}.agency.*.feed.>`],
    max_age: 30 * day,
    duplicate_window: 10 * 60 * 1e9,
  });

  // A NIEM message holds names, birth dates, addresses and photos beside what the hub reads from
  // it: a work queue, so JetStream deletes each message once ingest acknowledges it (read, stored
  // as a case event or rejected), and a day at most if ingest never does.
  await ensureStream({
    name: names.niemInboxStream,
    subjects: [names.allAgencyNiem],
    max_age: 1 * day,
    duplicate_window: 2 * 60 * 1e9,
    max_msg_size: 1024 * 1024,
    retention: RetentionPolicy.Workqueue,
  });
  await ensureConsumer(jsm, names.niemInboxStream, names.niemConsumer);
  await ensureConsumer(jsm, names.caseEventStream, names.ingestConsumer);
}

async function ensureConsumer(jsm: JetStreamManager, stream: string, durable: string): Promise<void> {
  const consumer = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: 30 * 1e9,
    // Never give up on an event: a database or Temporal outage delays ingest, it must not drop it.
    max_deliver: -1,
    max_ack_pending: 1000,
  };
  try {
    await jsm.consumers.info(stream, durable);
    await jsm.consumers.update(stream, durable, {
      ack_wait: consumer.ack_wait,
      max_deliver: consumer.max_deliver,
      max_ack_pending: consumer.max_ack_pending,
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(stream, consumer);
  }
}

export async function deleteTopology(nc: NatsConnection, names: BusNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of [
    names.caseEventStream,
    names.receiptStream,
    names.feedStream,
    names.niemInboxStream,
  ]) {
    try {
      await jsm.streams.delete(stream);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

interface StreamShape {
  name: string;
  subjects: string[];
  max_age: number;
  duplicate_window?: number;
  max_msg_size?: number;
  retention?: RetentionPolicy;
}

async function ensureStreamOf(
  jsm: JetStreamManager,
  config: StreamShape & { num_replicas: number },
): Promise<void> {
  const full = {
    retention: RetentionPolicy.Limits,
    ...config,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
  };
  try {
    await jsm.streams.info(config.name);
    const { name, storage: _storage, ...update } = full;
    await jsm.streams.update(name, update);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(full);
  }
}

/** No answer in time, nobody listening yet, JetStream "temporarily unavailable", or another process's create winning. */
function isPassing(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string | number;
    api_error?: { err_code?: number };
    message?: string;
  };
  return (
    e?.name === 'TimeoutError' ||
    e?.code === '503' ||
    e?.code === 503 ||
    e?.api_error?.err_code === 10008 || // JetStream system temporarily unavailable
    e?.api_error?.err_code === 10058 || // stream name already in use (created meanwhile)
    /timeout|no responders|temporarily unavailable|already in use/i.test(e?.message ?? '')
  );
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string | number; api_error?: { err_code?: number }; message?: string };
  return (
    e?.api_error?.err_code === 10059 || // stream not found
    e?.api_error?.err_code === 10014 || // consumer not found
    /not found/i.test(e?.message ?? '')
  );
}
