/**
 * Notifications under load, over the real pipeline (JetStream, ingest, PostgreSQL, Temporal, the
 * worker, SMTP):
 *   1. a steady 50 events/s for BENCH_SECONDS (default 30), one registrant each: events/s and
 *      notifications/s completed, and publish -> first delivery attempt p50/p95/p99;
 *   2. one event to BENCH_FANOUT (default 10,000) registrants: time until every one was attempted;
 * next to the ceiling measured in the same run: how many trivial workflows per second this
 * Temporal server completes. Run: bash infra/bench.sh fanout
 */

import { createRequire } from 'node:module';
import { countDeliveries, findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import { connectTemporalWorker } from '@switchboard/temporal';
import { Worker } from '@temporalio/worker';
import { custodyRelease, startHub, uniqueSubject } from '../harness/hub';
import { provisionServices } from '../harness/services';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATE = 50;
const FANOUT = Number(process.env.BENCH_FANOUT ?? 10_000);
const CEILING_SECONDS = 10;

const services = await provisionServices();
const hub = await startHub(services.endpoints, { logLevel: 'error' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
try {
  // The ceiling: trivial workflows started and completed, 64 at a time, on a worker of their own.
  const nativeConnection = await connectTemporalWorker({
    address: services.endpoints.temporalAddress,
    namespace: services.endpoints.temporalNamespace,
  });
  const trivialQueue = `${hub.taskQueue}-trivial`;
  const trivialWorker = await Worker.create({
    connection: nativeConnection,
    namespace: services.endpoints.temporalNamespace,
    taskQueue: trivialQueue,
    workflowsPath: createRequire(import.meta.url).resolve('./trivial.workflow.ts'),
  });
  const ceiling = await trivialWorker.runUntil(async () => {
    const until = Date.now() + CEILING_SECONDS * 1000;
    let done = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 64 }, async (_, lane) => {
        for (let i = 0; Date.now() < until; i++) {
          await hub.temporal.workflow.execute('benchTrivialWorkflow', {
            taskQueue: trivialQueue,
            workflowId: `trivial-${hub.taskQueue}-${lane}-${i}`,
          });
          done++;
        }
      }),
    );
    return done / ((Date.now() - started) / 1000);
  });
  await nativeConnection.close();
  console.error(`  ceiling: ${ceiling.toFixed(0)} trivial workflows completed/s`);

  // 1. Steady load: 50 subjects with one registrant each, events round-robin at 50/s.
  const subjects = Array.from({ length: RATE }, () => uniqueSubject());
  for (const subject of subjects) await hub.register(subject);
  const published: { id: string; at: number }[] = [];
  const total = SECONDS * RATE;
  const steadyStart = Date.now();
  const publishes: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = steadyStart + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    const event = custodyRelease('county-jail', subjects[i % RATE]!);
    published.push({ id: event.id, at: Date.now() });
    publishes.push(hub.publish('county-jail', event));
    if ((i + 1) % (RATE * 10) === 0) console.error(`  ${(i + 1) / RATE} s: ${i + 1} events published`);
  }
  await Promise.all(publishes);
  // Wait for every notification to be sent, then read when each was first attempted.
  const latencies: number[] = [];
  let lastSent = 0;
  for (const { id, at } of published) {
    for (let tries = 0; ; tries++) {
      const row = await findCaseEvent(hub.db, 'county-jail', id);
      const deliveries = row ? await listDeliveriesForCaseEvent(hub.db, row.id) : [];
      const sent = deliveries.find((d) => d.sent_at);
      if (sent) {
        latencies.push(sent.created_at.getTime() - at);
        lastSent = Math.max(lastSent, sent.sent_at!.getTime());
        break;
      }
      if (tries > 600) throw new Error(`event ${id} was never delivered`);
      await sleep(100);
    }
  }
  const steadySeconds = (lastSent - steadyStart) / 1000;
  const pct = (p: number) => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  };

  // 2. Fan-out: one event, FANOUT registrants.
  const crowd = uniqueSubject();
  console.error(`  registering ${FANOUT} people for one subject`);
  for (let i = 0; i < FANOUT; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, FANOUT - i) }, (_, j) =>
        enrolConfirmedInPerson(hub.db, hub.keyring, {
          agencyId: 'county-jail',
          subjectRef: crowd,
          displayName: `Registrant ${i + j}`,
          email: `registrant-${i + j}@example.test`,
        }),
      ),
    );
  }
  const event = custodyRelease('county-jail', crowd);
  const fanStart = Date.now();
  await hub.publish('county-jail', event);
  const row = await (async () => {
    for (;;) {
      const found = await findCaseEvent(hub.db, 'county-jail', event.id);
      if (found) return found;
      await sleep(50);
    }
  })();
  let attemptedAt = 0;
  let progress = { attempted: 0, sent: 0 };
  let lastReport = Date.now();
  const deadline = fanStart + 15 * 60_000;
  while (progress.sent < FANOUT && Date.now() < deadline) {
    await sleep(500);
    progress = await countDeliveries(hub.db, row.id);
    if (!attemptedAt && progress.attempted >= FANOUT) attemptedAt = Date.now();
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      console.error(
        `  fan-out ${Math.round((Date.now() - fanStart) / 1000)} s: ${progress.attempted} attempted, ${progress.sent} sent`,
      );
    }
  }
  const allSentSeconds = (Date.now() - fanStart) / 1000;
  const attemptedSeconds = attemptedAt ? (attemptedAt - fanStart) / 1000 : Number.NaN;

  console.log(`\nnotifications, ${RATE} events/s offered for ${SECONDS} s, one registrant each`);
  console.log(`  events/s completed                 ${(total / steadySeconds).toFixed(1).padStart(8)}`);
  console.log(
    `  notifications/s sent               ${(latencies.length / steadySeconds).toFixed(1).padStart(8)}`,
  );
  console.log(`  publish -> first attempt p50       ${pct(50).toString().padStart(8)} ms`);
  console.log(`  publish -> first attempt p95       ${pct(95).toString().padStart(8)} ms`);
  console.log(`  publish -> first attempt p99       ${pct(99).toString().padStart(8)} ms   (target <= 2000)`);
  console.log(`one event to ${FANOUT} registrants`);
  console.log(
    `  all attempted after                ${attemptedSeconds.toFixed(1).padStart(8)} s    (target <= 120)`,
  );
  console.log(`  all sent after                     ${allSentSeconds.toFixed(1).padStart(8)} s`);
  console.log(
    `  notifications/s                    ${(progress.sent / allSentSeconds).toFixed(1).padStart(8)}`,
  );
  console.log(
    `Temporal trivial workflows completed ${ceiling.toFixed(1).padStart(8)} /s   ceiling, same run`,
  );
  if (progress.sent < FANOUT) process.exitCode = 1;
} finally {
  await hub.stop();
  await services.teardown();
}
