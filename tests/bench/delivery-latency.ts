/**
 * Publish → email-accepted-by-SMTP latency over the real pipeline (JetStream, ingest, PostgreSQL,
 * Temporal, worker, SMTP), one event at a time, against a baseline measured in the same run: the
 * same SMTP server fed directly by the same email channel. Run: bash infra/bench.sh
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createEmailChannel } from '@switchboard/channels';
import type { ReceivedMessage } from '@switchboard/mailbox';
import { custodyRelease, startHub, uniqueSubject } from '../harness/hub';
import { provisionServices } from '../harness/services';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100);
const WARMUP = 5;

const services = await provisionServices();
const hub = await startHub(services.endpoints, { logLevel: 'error' });
try {
  const subject = uniqueSubject();
  await hub.register(subject);
  const nextMessage = () => once(hub.mailbox().events, 'message').then(([m]) => m as ReceivedMessage);

  // Baseline: the SMTP leg alone.
  const direct = createEmailChannel({
    host: '127.0.0.1',
    port: hub.mailbox().port,
    from: 'bench@switchboard.test',
  });
  const baseline: number[] = [];
  for (let i = 0; i < EVENTS + WARMUP; i++) {
    const arrived = nextMessage();
    const started = Date.now();
    await direct.send({
      to: 'bench@example.test',
      subject: 'baseline',
      text: 'baseline',
      messageId: `<baseline-${i}@bench>`,
      language: 'en',
      headers: {},
    });
    const { receivedAt } = await arrived;
    if (i >= WARMUP) baseline.push(receivedAt - started);
  }
  direct.close();

  // The pipeline, one event at a time, so each figure is latency and not queueing.
  const pipeline: number[] = [];
  const eventIds: string[] = [];
  for (let i = 0; i < EVENTS + WARMUP; i++) {
    const event = custodyRelease('county-jail', subject);
    const arrived = nextMessage();
    const started = Date.now();
    const outcome = await hub.publish('county-jail', event);
    if (outcome.kind !== 'receipt' || outcome.receipt.outcome !== 'accepted') {
      throw new Error(`event ${i} was not accepted: ${JSON.stringify(outcome)}`);
    }
    const message = await arrived;
    const raw = await readFile(message.file, 'utf8');
    if (!raw.includes(`X-Switchboard-Event: county-jail/${event.id}`))
      throw new Error(`email ${i} is for another event`);
    if (i >= WARMUP) {
      pipeline.push(message.receivedAt - started);
      eventIds.push(event.id);
    }
    if ((i + 1) % 20 === 0) console.error(`  ${i + 1}/${EVENTS + WARMUP} events delivered`);
  }

  // Nothing lost, nothing twice: every event has exactly one email.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const { readMailbox, header } = await import('@switchboard/mailbox');
  const counts = new Map<string, number>();
  for (const m of await readMailbox(hub.mailDir)) {
    const key = header(m, 'X-Switchboard-Event');
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lost = eventIds.filter((id) => !counts.has(`county-jail/${id}`)).length;
  const duplicated = eventIds.filter((id) => (counts.get(`county-jail/${id}`) ?? 0) > 1).length;

  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)! };
  };
  const p = stats(pipeline);
  const b = stats(baseline);
  console.log(
    `\npublish -> email accepted by SMTP, ${EVENTS} events one at a time (after ${WARMUP} warm-up), ms`,
  );
  console.log(`                      median    p95    min    max`);
  const row = (name: string, s: typeof p) =>
    console.log(
      `${name.padEnd(20)} ${String(s.median).padStart(7)} ${String(s.p95).padStart(6)} ${String(s.min).padStart(6)} ${String(s.max).padStart(6)}`,
    );
  row('switchboard pipeline', p);
  row('baseline: SMTP only', b);
  console.log(`ratio pipeline/baseline (median): ${(p.median / Math.max(1, b.median)).toFixed(1)}x`);
  console.log(`events lost: ${lost}, delivered twice: ${duplicated}`);
  if (lost || duplicated) process.exitCode = 1;
} finally {
  await hub.stop();
  await services.teardown();
}
