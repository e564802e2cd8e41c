/**
 * A load generator in a process of its own, as an agency's client would be: the hub's event loop
 * is then not also running the client's. Reads a JSON job on stdin, prints latencies (ms) as JSON.
 *   { url, seconds, concurrency, body?, bearers?: string[] }  (each request spends one bearer)
 */
import { text } from 'node:stream/consumers';

const job = JSON.parse(await text(process.stdin)) as {
  url: string;
  seconds: number;
  concurrency: number;
  body?: string;
  bearers?: string[];
};
const latencies: number[] = [];
let failure: string | undefined;
const until = performance.now() + job.seconds * 1000;
const start = performance.now();
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (performance.now() < until && !failure) {
      const bearer = job.bearers?.pop();
      if (job.bearers && !bearer) break;
      const t = performance.now();
      const response = await fetch(job.url, {
        method: job.body ? 'POST' : 'GET',
        headers: {
          ...(job.body && { 'content-type': 'application/json' }),
          ...(bearer && { authorization: `Bearer ${bearer}` }),
        },
        body: job.body,
      });
      const answer = await response.text();
      if (response.status !== 200) failure = `${response.status} ${answer}`;
      latencies.push(performance.now() - t);
    }
  }),
);
process.stdout.write(JSON.stringify({ latencies, seconds: (performance.now() - start) / 1000, failure }));
