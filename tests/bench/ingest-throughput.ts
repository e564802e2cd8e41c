/**
 * Signed events accepted per second, end to end (signature verified, stored in PostgreSQL,
 * workflow started in Temporal), sustained for a minute by two ingest processes, next to two
 * ceilings measured in the same run: raw JetStream publish+ack, and how fast this Temporal server
 * starts a trivial workflow. Then every event is accounted for: none lost, none twice.
 * Run: bash infra/bench.sh ingest
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { onboardAgency } from '@switchboard/agencies';
import { createAgencyClient } from '@switchboard/agency-sdk';
import {
  busNames,
  connectBus,
  deleteTopology,
  ensureTopology,
  jetstream,
  type Receipt,
  sendCaseEvent,
} from '@switchboard/bus';
import { countCaseEvents, createDb } from '@switchboard/db';
import { connectTemporal } from '@switchboard/temporal';
import { searchAttributes } from '@switchboard/workflows/contract';
import { Client } from '@temporalio/client';
import { kill } from '../harness/hub-process';
import { provisionServices } from '../harness/services';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CEILING_SECONDS = 10;
const INGESTERS = 2;
const root = fileURLToPath(new URL('../..', import.meta.url));

const services = await provisionServices();
const { endpoints } = services;
const prefix = `bench${Date.now().toString(36).slice(-6)}`;
const names = busNames(prefix);
const nc = await connectBus(endpoints.natsUrl, 'switchboard-bench');
const db = createDb(endpoints.databaseUrl);
const connection = await connectTemporal({
  address: endpoints.temporalAddress,
  namespace: endpoints.temporalNamespace,
});
const temporal = new Client({ connection, namespace: endpoints.temporalNamespace });
const ingesters: ChildProcess[] = [];
/** An ingest process that dies mid-run makes the run's figure about fewer processes than it says. */
const exits: string[] = [];
let stopping = false;
const js = jetstream(nc);

try {
  await ensureTopology(nc, names);
  const { key } = await onboardAgency({ db }, { id: 'bench-jail', name: 'Bench County Jail', kind: 'jail' });
  const agency = createAgencyClient({
    agencyId: 'bench-jail',
    key: { kid: key.kid, privateJwk: key.privateJwk! },
  });
  const signed = async () => {
    const now = new Date().toISOString();
    const event = agency.build('custody.released', {
      subject: `BENCH-${randomUUID().slice(0, 8)}`,
      data: { reason: 'bail', releasedAt: now, facility: 'Bench County Jail' },
    });
    return { id: event.id, ...(await agency.sign(event)) };
  };

  // Ceiling 1: JetStream alone, publish + ack, on a scratch stream, 256 publishes in flight.
  const jsm = await js.jetstreamManager();
  await jsm.streams.add({ name: `${prefix.toUpperCase()}_RAW`, subjects: [`${prefix}.raw`] });
  const sample = (await signed()).body;
  const raw = await measure(CEILING_SECONDS, 256, () => js.publish(`${prefix}.raw`, sample).then(() => 1));
  await jsm.streams.delete(`${prefix.toUpperCase()}_RAW`);
  console.error(`  raw JetStream publish+ack: ${raw.toFixed(0)}/s`);

  // Ceiling 2: this Temporal server starting a trivial workflow (nobody runs them; starting is the cost).
  const starts = await measure(CEILING_SECONDS, 64, () =>
    temporal.workflow
      .start('benchTrivialWorkflow', {
        taskQueue: `${prefix}-trivial`,
        workflowId: `trivial-${randomUUID()}`,
        args: [],
      })
      .then(() => 1),
  );
  console.error(`  Temporal trivial workflow starts: ${starts.toFixed(0)}/s`);
  // The same, carrying what ours carry: three search attributes and a summary.
  const richStarts = await measure(CEILING_SECONDS, 64, () =>
    temporal.workflow
      .start('benchTrivialWorkflow', {
        taskQueue: `${prefix}-trivial`,
        workflowId: `trivial-${randomUUID()}`,
        args: [],
        staticSummary: 'custody.released (high) from bench-jail about subject BENCH-1, event e',
        typedSearchAttributes: [
          { key: searchAttributes.subjectRef, value: 'BENCH-1' },
          { key: searchAttributes.agencyId, value: 'bench-trivial' },
          { key: searchAttributes.eventType, value: 'custody.released' },
        ],
      })
      .then(() => 1),
  );
  console.error(`  Temporal starts with search attributes and summary: ${richStarts.toFixed(0)}/s`);

  // The pipeline: two ingest processes, as production would scale it.
  for (let i = 0; i < INGESTERS; i++) {
    const child = spawn('node', ['--import', 'tsx', 'apps/ingest/src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: endpoints.databaseUrl,
        NATS_URL: endpoints.natsUrl,
        NATS_PREFIX: prefix,
        TEMPORAL_ADDRESS: endpoints.temporalAddress,
        TEMPORAL_TASK_QUEUE: `${prefix}-hub`,
        ...endpoints.dataKeys,
        LOG_LEVEL: 'warn',
        // A minute of releases from one jail is a burst by design: this run measures throughput, so
        // burst protection stands aside (its own test holds bursts), and nothing may end up held.
        BURST_MINIMUM: String(1_000_000_000),
        // Two on one machine: neither may take the other's metrics port (it once cost a process).
        INGEST_METRICS_PORT: '0',
      },
    });
    child.on('exit', (code, signal) => {
      if (!stopping) exits.push(`an ingest process exited (${code ?? signal}) during the run`);
    });
    ingesters.push(child);
  }
  await new Promise((resolve) => setTimeout(resolve, 4000)); // let them connect

  const published = new Set<string>();
  const outcomes = { accepted: 0, duplicate: 0, rejected: 0, superseded: 0 };
  let acceptedInWindow = 0;
  let windowOpen = true;
  const receipts = nc.subscribe(names.agencyReceipts('bench-jail'), {
    callback: (_error, message) => {
      const receipt = message.json<Receipt>();
      outcomes[receipt.outcome]++;
      if (receipt.outcome === 'accepted' && windowOpen) acceptedInWindow++;
    },
  });

  // Agencies sign on their own machines: sign a pool up front so that work does not share the hub's CPU.
  const pool: Awaited<ReturnType<typeof signed>>[] = [];
  while (pool.length < SECONDS * 400) pool.push(await signed());

  // Publish as fast as the hub takes them, keeping at most 2,000 unanswered so the backlog stays honest.
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  let lastReport = started;
  const inFlight = new Set<Promise<void>>();
  while (Date.now() < deadline) {
    const answered = outcomes.accepted + outcomes.duplicate + outcomes.rejected;
    if (published.size - answered > 2000 || inFlight.size >= 128) {
      await Promise.race([...inFlight, new Promise((resolve) => setTimeout(resolve, 5))]);
      continue;
    }
    const next = pool.pop();
    if (!next) break;
    published.add(next.id);
    const task = sendCaseEvent(nc, names, 'bench-jail', next.body, { signature: next.signature }).then(
      () => undefined,
    );
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      console.error(
        `  ${Math.round((lastReport - started) / 1000)} s: ${outcomes.accepted} accepted, backlog ${published.size - outcomes.accepted}`,
      );
    }
  }
  await Promise.all(inFlight);
  windowOpen = false;
  const elapsed = (Date.now() - started) / 1000;

  // Drain, then account for every event.
  const drainUntil = Date.now() + 120_000;
  while (
    outcomes.accepted + outcomes.duplicate + outcomes.rejected < published.size &&
    Date.now() < drainUntil
  ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  receipts.unsubscribe();
  const rows = await countCaseEvents(db, 'bench-jail');
  let workflows = 0;
  for (let i = 0; i < 50; i++) {
    workflows = (await temporal.workflow.count(`AgencyId="bench-jail"`)).count;
    if (workflows >= published.size) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const lost = published.size - rows.stored;
  const duplicated =
    Math.max(0, rows.stored - published.size) + outcomes.duplicate + Math.max(0, workflows - published.size);
  console.log(
    `events published ${published.size}; stored ${rows.stored}, workflows started ${rows.started} (Temporal counts ${workflows}), held ${rows.held}; rejected ${outcomes.rejected}`,
  );
  console.log(`events lost: ${lost}, duplicated: ${duplicated}`);
  // The figure claims "stored and workflow started": it stands only if every event was.
  const broken = [
    ...exits,
    lost && `${lost} lost`,
    duplicated && `${duplicated} duplicated`,
    outcomes.rejected && `${outcomes.rejected} rejected`,
    rows.held && `${rows.held} held`,
    rows.started !== rows.stored && `${rows.stored - rows.started} stored but never started`,
    workflows !== published.size && `Temporal counts ${workflows} workflows for ${published.size} events`,
  ].filter(Boolean);
  if (broken.length > 0) {
    console.log(`INVARIANT BROKEN: ${broken.join(', ')}; no figures from this run`);
    process.exitCode = 1;
    throw new Error('the ingest run broke its invariants');
  }

  const rate = acceptedInWindow / elapsed;
  console.log(`\ningest, ${INGESTERS} processes, ${elapsed.toFixed(0)} s sustained, events/s`);
  console.log(
    `  signed events accepted end to end   ${rate.toFixed(0).padStart(6)}   (verified, stored, workflow started)`,
  );
  console.log(`  raw JetStream publish+ack           ${raw.toFixed(0).padStart(6)}   ceiling 1, same run`);
  console.log(`  Temporal trivial workflow starts    ${starts.toFixed(0).padStart(6)}   ceiling 2, same run`);
  console.log(
    `  ... with our search attributes      ${richStarts.toFixed(0).padStart(6)}   and summary, same run`,
  );
  console.log(`  pipeline / Temporal ceiling         ${((rate / starts) * 100).toFixed(0).padStart(5)}%`);
  console.log(`  pipeline / JetStream ceiling        ${((rate / raw) * 100).toFixed(0).padStart(5)}%`);
} finally {
  stopping = true;
  // kill() waits for the exit, unless the process had already gone (it once waited forever).
  for (const child of ingesters) await kill(child, 'SIGTERM');
  await deleteTopology(nc, names);
  await nc.close();
  await connection.close();
  await db.destroy();
  await services.teardown();
}

/** Runs `op` with `parallel` calls in flight for `seconds`; returns completions per second. */
async function measure(seconds: number, parallel: number, op: () => Promise<number>): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (Date.now() < until) {
        const n = await op(); // not `done += await op()`: that reads `done` before the await
        done += n;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}
