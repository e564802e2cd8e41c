/**
 * A 100,000-row custody roster imported twice: the first is the feed's baseline, the second changes
 * 1% of it (500 released, 300 booked, 200 moved, and 10 rows with impossible dates). Prints rows/s,
 * peak memory and the events emitted, which must be exactly the 1,000 changes. Baseline in the same
 * run: the same file only read and mapped (CSV parsing, dates, digests), no database.
 * Run: bash infra/bench.sh snapshot
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { getHeapStatistics } from 'node:v8';
import { onboardAgency } from '@switchboard/agencies';
import {
  createDb,
  dropDatabase,
  ensureDatabase,
  migrateToLatest,
  saveSnapshotMapping,
} from '@switchboard/db';
import { generateAgencyKey } from '@switchboard/event-signature';
import { importSnapshot, parseSnapshotMapping, readSnapshot } from '@switchboard/snapshots';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const server = new URL(process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres');
server.pathname = `/switchboard_bench_snapshot_${Date.now().toString(36)}`;
const databaseUrl = server.toString();
await ensureDatabase(databaseUrl);
const db = createDb(databaseUrl);
await migrateToLatest(db);
const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));

const mapping = {
  feed: 'custody_roster',
  columns: { subjectRef: 'Booking Number', facility: 'Facility', bookedAt: 'Booked On' },
  dateFormat: 'MM/dd/yyyy',
  timeZone: 'America/Chicago',
} as const;
const facilities = ['Main Jail', 'North Annex', 'Women\u2019s Facility', '"Unit 4", East Wing'];
const quote = (text: string) => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const row = (i: number, facility = facilities[i % facilities.length]!) =>
  `BK-${String(i).padStart(7, '0')},${quote(facility)},${String((i % 12) + 1).padStart(2, '0')}/${String((i % 28) + 1).padStart(2, '0')}/2025`;

async function writeRoster(name: string, lines: Iterable<string>): Promise<string> {
  const file = join(dir, name);
  const out = createWriteStream(file);
  out.write('Booking Number,Facility,Booked On,Notes\r\n');
  for (const line of lines) if (!out.write(`${line},\r\n`)) await once(out, 'drain');
  out.end();
  await finished(out);
  return file;
}

const first = await writeRoster(
  'roster-1.csv',
  (function* () {
    for (let i = 0; i < ROWS; i++) yield row(i);
  })(),
);
const released = 500;
const moved = 200;
const booked = 300;
const bogus = 10;
const second = await writeRoster(
  'roster-2.csv',
  (function* () {
    for (let i = released; i < ROWS; i++) yield i < released + moved ? row(i, 'State Transfer Unit') : row(i);
    for (let i = ROWS; i < ROWS + booked; i++) yield row(i);
    for (let i = 0; i < bogus; i++) yield `BK-X${i},Main Jail,01/01/9007`;
  })(),
);

const key = await generateAgencyKey();
await onboardAgency(
  { db },
  { id: 'bench-jail', name: 'Bench County Jail', kind: 'jail', publicJwk: key.publicJwk },
);
await saveSnapshotMapping(db, 'bench-jail', 'custody_roster', mapping);

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
}, 20);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// Baseline: read and map only.
const start = performance.now();
let mapped = 0;
for await (const _ of readSnapshot(
  createReadStream(second),
  parseSnapshotMapping('custody_roster', mapping),
  new Date(),
))
  mapped++;
const parseSeconds = (performance.now() - start) / 1000;

async function run(label: string, file: string) {
  peakRss = 0;
  peakHeap = 0;
  let lastShown = 0;
  const started = performance.now();
  const summary = await importSnapshot(
    { db },
    {
      agencyId: 'bench-jail',
      feed: 'custody_roster',
      source: createReadStream(file),
      onProgress: (p) => {
        if (p.rowsRead - lastShown >= 25_000) {
          lastShown = p.rowsRead;
          process.stderr.write(`  ${label}: ${p.rowsRead.toLocaleString('en')} rows read\n`);
        }
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return { summary, seconds, peakRss, peakHeap };
}

const baseline = await run('baseline import', first);
const diff = await run('diff import', second);
clearInterval(sampler);
const byType = await db
  .selectFrom('case_event')
  .select(['type', (eb) => eb.fn.countAll<string>().as('n')])
  .where('agency_id', '=', 'bench-jail')
  .groupBy('type')
  .execute();

const line = (label: string, r: typeof baseline) =>
  `${label.padEnd(34)} ${r.summary.rowsRead.toLocaleString('en').padStart(8)} rows in ${r.seconds.toFixed(1)} s = ${Math.round(
    r.summary.rowsRead / r.seconds,
  )
    .toLocaleString('en')
    .padStart(7)} rows/s, peak RSS ${mb(r.peakRss)}, peak heap ${mb(r.peakHeap)}`;
console.log(
  `read and map only (baseline)        ${mapped.toLocaleString('en').padStart(8)} rows in ${parseSeconds.toFixed(1)} s = ${Math.round(
    mapped / parseSeconds,
  ).toLocaleString('en')} rows/s`,
);
console.log(line('first snapshot (baseline, stored)', baseline));
console.log(line('second snapshot (diffed, emitted)', diff));
console.log(
  `second snapshot: ${diff.summary.rowsRejected} rows rejected, ${diff.summary.changes} differences, ${diff.summary.eventsEmitted} events emitted ` +
    `(${byType.map((t) => `${t.n} ${t.type}`).join(', ')}); expected ${released + moved + booked}`,
);
console.log(
  `heap limit ${mb(getHeapStatistics().heap_size_limit)} (peak RSS includes Node, tsx and the pg pool; NODE_OPTIONS=--max-old-space-size=96 shows the working set is far smaller)`,
);
console.log(
  `import vs read-only: ${(diff.seconds / parseSeconds).toFixed(1)}x the time; targets: under 30 s and under 300 MB for ${ROWS.toLocaleString('en')} rows`,
);
const exact =
  diff.summary.eventsEmitted === released + moved + booked &&
  diff.summary.rowsRejected === bogus &&
  byType.find((t) => t.type === 'custody.released')?.n === String(released) &&
  byType.find((t) => t.type === 'custody.transferred')?.n === String(moved) &&
  byType.find((t) => t.type === 'custody.booked')?.n === String(booked);
console.log(exact ? 'emitted exactly the changes' : 'EMITTED EVENTS DO NOT MATCH THE CHANGES');

await db.destroy();
await dropDatabase(databaseUrl);
await rm(dir, { recursive: true, force: true });
process.exit(exact ? 0 : 1);
