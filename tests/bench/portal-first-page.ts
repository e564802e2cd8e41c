/**
 * The portal's first page on a slow phone connection, in Chromium: bytes transferred and time until
 * it can be used, under DevTools' "Slow 4G" profile (562.5 ms latency, 180 kB/s down, 84 kB/s up)
 * with the CPU slowed 4x, as an older phone's would be. Targets: under 150 KB, under 2 s.
 * Ceiling, measured in the same run under the same profile: the least any script-driven page can
 * take, a blank page that loads one empty script. The ratio of the two is the result.
 * Invariants, checked before a figure is printed: the page rendered its first heading in the
 * browser's language with its two buttons, made no failed request and threw no error; the bytes
 * counted include the page, its script and its stylesheet. A broken invariant fails the run.
 * Run: bash infra/bench.sh portal
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiServer } from '@switchboard/api';
import { buildPortal } from '@switchboard/portal';
import type { Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { benchApiContext } from './api-context';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: 180_000,
  uploadThroughput: 84_375,
};
const CPU_SLOWDOWN = 4;

const bench = await benchApiContext('benchportal');
bench.ctx.portal = await buildPortal();
const api = createApiServer(bench.ctx);
await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
const portalUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/`;

// The ceiling: a blank page and one empty script, served as plainly as possible.
const blank = createServer((req, res) => {
  if (req.url === '/empty.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end('document.body.dataset.ready = "1";');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
  res.end(
    '<!doctype html><html lang="en"><title>blank</title><script type="module" src="/empty.js"></script><body></body></html>',
  );
});
await new Promise<void>((resolve) => blank.listen(0, '127.0.0.1', resolve));
const blankUrl = `http://127.0.0.1:${(blank.address() as AddressInfo).port}/`;

const browser = await launchChromium();
const failures: string[] = [];

interface Load {
  ms: number;
  bytes: number;
  urls: string[];
}

/** One cold load (fresh context, empty cache) under the profile, until `ready` says the page is usable. */
async function load(url: string, ready: (page: Page) => Promise<void>): Promise<Load> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let bytes = 0;
  const urls: string[] = [];
  const requests = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    urls.push(requests.get(e.requestId) ?? '?');
  });
  cdp.on('Network.loadingFailed', (e) => failures.push(`${requests.get(e.requestId)}: ${e.errorText}`));
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  const ms = Date.now() - started;
  // Whatever the page still fetches once usable (the sign-in check) counts towards its bytes.
  await page.waitForLoadState('networkidle');
  await context.close();
  return { ms, bytes, urls };
}

const portalReady = async (page: Page) => {
  await page.getByRole('heading', { level: 1, name: 'Know when something changes in your case' }).waitFor();
  await page.getByRole('button', { name: 'Register for notices' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
};
const blankReady = async (page: Page) => {
  await page.waitForFunction(() => document.body.dataset.ready === '1');
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const portal: Load[] = [];
const floor: Load[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so both see the same machine.
    floor.push(await load(blankUrl, blankReady));
    portal.push(await load(portalUrl, portalReady));
    process.stdout.write(
      `  run ${run + 1}/${RUNS}: portal ${portal.at(-1)!.ms} ms, floor ${floor.at(-1)!.ms} ms\n`,
    );
  }
} finally {
  await browser.close();
  api.close();
  blank.close();
  await bench.close();
}

const kinds = (l: Load) => ({
  page: l.urls.some((u) => u === portalUrl),
  script: l.urls.some((u) => /\/portal\/[\w-]+\.js$/.test(u)),
  stylesheet: l.urls.some((u) => /\/portal\/[\w-]+\.css$/.test(u)),
});
const broken = [
  ...failures,
  ...portal
    .map(kinds)
    .filter((k) => !k.page || !k.script || !k.stylesheet)
    .map((k) => `a load did not count all of the portal's files: ${JSON.stringify(k)}`),
];
if (broken.length) {
  console.error(`invariant broken; no figures:\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
const ms = median(portal.map((l) => l.ms));
const floorMs = median(floor.map((l) => l.ms));
const bytes = median(portal.map((l) => l.bytes));
console.log(
  `portal first page, Slow 4G (562.5 ms, 180 kB/s), CPU ${CPU_SLOWDOWN}x slower, median of ${RUNS} cold loads:`,
);
console.log(
  `  transferred      ${(bytes / 1024).toFixed(1)} KB   (target < 150 KB: ${((bytes / (150 * 1024)) * 100).toFixed(0)} % of it)`,
);
console.log(`  usable after     ${ms} ms   (target < 2000 ms)`);
console.log(
  `  ceiling          ${floorMs} ms   (a blank page with one empty script, same profile, same run)`,
);
console.log(`  portal / ceiling ${(ms / floorMs).toFixed(2)}x`);
if (bytes >= 150 * 1024 || ms >= 2000) {
  console.error('a target is missed');
  process.exit(1);
}
