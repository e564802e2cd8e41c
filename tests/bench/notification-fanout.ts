/**
 * Notifications under load, over the real pipeline (JetStream, ingest, PostgreSQL, Temporal, the
 * worker, SMTP), next to a ceiling measured in the same run with the same server and worker
 * settings: trivial workflows (one local activity) started and completed per second.
 *   1. the offered rate steps up (BENCH_RATES, default 10,20,30,…), BENCH_STEP_SECONDS each (15),
 *      one registrant per event: the highest rate at which publish → first delivery attempt stays
 *      at p99 ≤ 1 s, and its ratio to the ceiling;
 *   2. one event to BENCH_FANOUT (10,000) registrants: time until every one was sent.
 * Invariants, checked before any figure is printed: every event published was stored, started and
 * delivered, each registrant's email sent once and counted once at the SMTP server.
 * Run: bash infra/bench.sh fanout
 */

import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { countDeliveries, findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import { connectTemporalWorker } from '@switchboard/temporal';
import { Worker } from '@temporalio/worker';
import { custodyRelease, startHub, uniqueSubject } from '../harness/hub';
import { provisionServices, temporalDevServerArgs } from '../harness/services';
import { profiled } from './cpu-profile';

const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 15);
const RATES = (process.env.BENCH_RATES ?? '10,20,30,40,50,60,70,80').split(',').map(Number);
const FANOUT = Number(process.env.BENCH_FANOUT ?? 10_000);
const CEILING_SECONDS = 10;
const P99_LIMIT_MS = 1000;

const services = await provisionServices();
const hub = await startHub(services.endpoints, { logLevel: 'error' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const broken: string[] = [];
try {
  console.log(`Temporal dev server: ${temporalDevServerArgs.join(' ')}`);
  // The ceiling: trivial workflows (one local activity) started and completed, 64 at a time.
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
    activities: { nothing: async () => {} },
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
  console.error(`  ceiling: ${ceiling.toFixed(1)} trivial workflows completed/s`);

  // 1. Steps of offered load, one registrant per subject, subjects round-robin.
  const subjects = Array.from({ length: Math.max(...RATES) }, () => uniqueSubject());
  for (const subject of subjects) await hub.register(subject);
  let emailsExpected = 0;
  const steps: { rate: number; p50: number; p99: number; completed: number }[] = [];
  const runStep = async (rate: number) => {
    const published: { id: string; at: number }[] = [];
    const total = STEP_SECONDS * rate;
    const start = Date.now();
    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const event = custodyRelease('county-jail', subjects[i % rate]!);
      published.push({ id: event.id, at: Date.now() });
      publishes.push(hub.publish('county-jail', event));
    }
    const offeredFor = (Date.now() - start) / 1000;
    await Promise.all(publishes);
    const latencies: number[] = [];
    let lastSent = 0;
    for (const { id, at } of published) {
      for (let tries = 0; ; tries++) {
        const row = await findCaseEvent(hub.db, 'county-jail', id);
        const deliveries = row ? await listDeliveriesForCaseEvent(hub.db, row.id) : [];
        if (deliveries.length > 0 && deliveries.every((d) => d.status === 'sent')) {
          if (!row?.workflow_started_at) broken.push(`${id} delivered but not marked started`);
          if (deliveries.length !== 1)
            broken.push(`${id}: ${deliveries.length} deliveries for one registrant`);
          latencies.push(Math.min(...deliveries.map((d) => d.created_at.getTime())) - at);
          lastSent = Math.max(lastSent, ...deliveries.map((d) => d.sent_at!.getTime()));
          break;
        }
        if (tries > 1200) {
          broken.push(`${id} never delivered (${row ? 'stored' : 'not stored'})`);
          break;
        }
        await sleep(100);
      }
    }
    emailsExpected += published.length;
    const sorted = latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
    const step = {
      rate,
      p50: pct(50),
      p99: pct(99),
      completed: published.length / Math.max(offeredFor, (lastSent - start) / 1000),
    };
    console.error(
      `  ${rate}/s offered: ${step.completed.toFixed(1)}/s completed, first attempt p50 ${step.p50} ms, p99 ${step.p99} ms`,
    );
    return step;
  };
  let failedAt: number | undefined;
  for (const rate of RATES) {
    const step = await runStep(rate);
    steps.push(step);
    if (step.p99 > P99_LIMIT_MS) {
      failedAt = rate;
      break;
    }
  }
  const steady = steps.filter((s) => s.p99 <= P99_LIMIT_MS).at(-1);
  // Where the CPU goes at the first rate past the limit (or the last one tried): one more step, profiled.
  const profileRate = failedAt ?? RATES.at(-1)!;
  const missed = !steady || steady.rate < 0.7 * ceiling;
  if (missed) await profiled(`${profileRate} events/s offered`, () => runStep(profileRate));

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
  // Profiled as it runs (sampling every millisecond costs a few per cent): the fan-out is one local
  // activity per page in this process, so its profile is the hub's own cost per notice.
  const allSentSeconds = await profiled(`one event to ${FANOUT} registrants`, () => fanOut(event));
  /** Publishes the event and waits until every registrant was sent it; the seconds that took. */
  async function fanOut(event: ReturnType<typeof custodyRelease>): Promise<number> {
    const fanStart = Date.now();
    await hub.publish('county-jail', event);
    const row = await (async () => {
      for (;;) {
        const found = await findCaseEvent(hub.db, 'county-jail', event.id);
        if (found) return found;
        await sleep(50);
      }
    })();
    let progress = { attempted: 0, sent: 0 };
    let lastReport = Date.now();
    const deadline = fanStart + 15 * 60_000;
    while (progress.sent < FANOUT && Date.now() < deadline) {
      await sleep(250);
      progress = await countDeliveries(hub.db, row.id);
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        console.error(
          `  fan-out ${Math.round((Date.now() - fanStart) / 1000)} s: ${progress.attempted} attempted, ${progress.sent} sent`,
        );
      }
    }
    if (progress.sent !== FANOUT) broken.push(`fan-out: ${progress.sent} of ${FANOUT} sent`);
    return (Date.now() - fanStart) / 1000;
  }
  emailsExpected += FANOUT;
  // Counted at the SMTP server: one stored message per notice, none twice.
  await sleep(2000);
  const stored = (await readdir(hub.mailDir)).filter((name) => name.endsWith('.eml')).length;
  if (stored !== emailsExpected)
    broken.push(`the SMTP server holds ${stored} emails for ${emailsExpected} notices`);

  if (broken.length > 0) {
    console.log(`INVARIANT BROKEN: ${broken.slice(0, 10).join('; ')}; no figures from this run`);
    process.exitCode = 1;
  } else {
    console.log(
      `\nnotifications, steps of ${STEP_SECONDS} s, one registrant per event (every event stored, started, sent once; ${stored} emails at the SMTP server)`,
    );
    console.log('  offered/s  completed/s  first attempt p50   p99');
    for (const s of steps)
      console.log(
        `  ${String(s.rate).padStart(9)}  ${s.completed.toFixed(1).padStart(11)}  ${String(s.p50).padStart(14)} ms  ${String(s.p99).padStart(5)} ms${s.p99 > P99_LIMIT_MS ? '  (past 1 s)' : ''}`,
      );
    const best = steady?.rate ?? 0;
    console.log(`  highest steady rate (p99 <= 1 s)        ${String(best).padStart(6)} events/s`);
    console.log(
      `  Temporal trivial workflows completed    ${ceiling.toFixed(1).padStart(6)} /s   ceiling, same run`,
    );
    console.log(
      `  highest steady rate / ceiling           ${((best / ceiling) * 100).toFixed(0).padStart(5)}%   (target >= 70%)`,
    );
    console.log(`one event to ${FANOUT} registrants`);
    console.log(
      `  all sent after                          ${allSentSeconds.toFixed(1).padStart(6)} s   (target <= 20)`,
    );
    console.log(
      `  notifications/s                         ${(FANOUT / allSentSeconds).toFixed(0).padStart(6)}`,
    );
    console.log(
      `  fan-out notifications/s / ceiling       ${(FANOUT / allSentSeconds / ceiling).toFixed(2).padStart(6)}x`,
    );
  }
} finally {
  await hub.stop();
  await services.teardown();
}
