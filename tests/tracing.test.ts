import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { busNames, connectBus, deleteTopology, type NatsConnection, sendCaseEvent } from '@switchboard/bus';
import { signEvent } from '@switchboard/event-signature';
import { header, readMailbox } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';
import { kill, spawnIngest, spawnWorker } from './harness/hub-process';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** OTLP/JSON carries ids as hex; protobuf-shaped JSON as base64. Either way, hex here. */
const hex = (id: string | undefined) =>
  !id ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
const valuesOf = (attributes: { key: string; value: Record<string, unknown> }[] = []) =>
  Object.fromEntries(attributes.map((a) => [a.key, Object.values(a.value)[0]]));

/**
 * One trace from an agency's publish to the provider's call, across the real ingest and worker
 * processes, exported by OTLP over HTTP to a collector stand-in: the agency's `traceparent` is
 * joined by ingest, carried by Temporal's headers into the workflow, its child, the activities and
 * the send. And no span carries anything personal.
 */
describe('traces', () => {
  let hub: TestHub;
  let collector: Server;
  let agency: NatsConnection;
  const spans: ReceivedSpan[] = [];
  const processes: ChildProcess[] = [];
  const prefix = `tr${Date.now().toString(36).slice(-8)}`;
  const names = busNames(prefix);

  beforeAll(async () => {
    hub = await startHub(inject('services'), { worker: false });
    collector = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      if (req.url === '/v1/traces') {
        const export_ = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: Record<string, unknown> }[] };
            scopeSpans: {
              spans: {
                traceId: string;
                spanId: string;
                parentSpanId?: string;
                name: string;
                attributes?: { key: string; value: Record<string, unknown> }[];
              }[];
            }[];
          }[];
        };
        for (const resourceSpans of export_.resourceSpans) {
          const service = String(valuesOf(resourceSpans.resource.attributes)['service.name']);
          for (const scope of resourceSpans.scopeSpans)
            for (const span of scope.spans)
              spans.push({
                service,
                traceId: hex(span.traceId),
                spanId: hex(span.spanId),
                parentSpanId: hex(span.parentSpanId),
                name: span.name,
                attributes: valuesOf(span.attributes),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    agency = await connectBus(inject('services').natsUrl, 'county-jail (tracing test)');
  });
  afterAll(async () => {
    for (const child of processes) await kill(child, 'SIGTERM');
    await deleteTopology(agency, names).catch(() => undefined);
    await agency?.close();
    collector?.close();
    await hub?.stop();
  });

  it('follows one event from the agency to the provider, with identifiers only', async () => {
    const services = inject('services');
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      NATS_PREFIX: prefix,
      TEMPORAL_TASK_QUEUE: hub.taskQueue,
    };
    processes.push(
      spawnIngest(services, { ...otel, INGEST_METRICS_PORT: '0' }),
      spawnWorker(services, { ...otel, WORKER_METRICS_PORT: '0', SMTP_PORT: String(hub.mailbox().port) }),
    );
    const subject = uniqueSubject();
    const name = 'Marisol Quintanilla-Okoro';
    const email = 'marisol.quintanilla@example.test';
    await hub.register(subject, { displayName: name, email });

    // The agency's own trace: its publisher's span is the parent of everything the hub does.
    const traceId = randomBytes(16).toString('hex');
    const agencySpanId = randomBytes(8).toString('hex');
    const event = custodyRelease('county-jail', subject);
    const payload = JSON.stringify(event);
    const signature = await signEvent(payload, hub.keys.get('county-jail')!);
    for (let attempt = 0; ; attempt++) {
      // Until ingest has made the streams on this prefix.
      try {
        await sendCaseEvent(agency, names, 'county-jail', payload, {
          signature,
          headers: { traceparent: `00-${traceId}-${agencySpanId}-01` },
        });
        break;
      } catch (error) {
        if (attempt > 60) throw error;
        await sleep(250);
      }
    }

    for (let i = 0; i < 240; i++) {
      const mails = (await readMailbox(hub.mailDir)).filter(
        (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`,
      );
      const names = new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.name));
      if (mails.length === 1 && names.has('deliver')) break;
      await sleep(250);
    }
    const trace = spans.filter((s) => s.traceId === traceId);
    const spanNames = trace.map((s) => `${s.service}: ${s.name}`);
    // ingest joined the agency's span, started the workflow in the same trace; the workflow, its
    // child for the registrant, their activities and the provider's call all follow.
    const ingest = trace.find((s) => s.name === 'ingest case event');
    expect(ingest, spanNames.join('\n')).toBeDefined();
    expect(ingest!.parentSpanId).toBe(agencySpanId);
    expect(ingest!.attributes).toMatchObject({
      'switchboard.agency': 'county-jail',
      'switchboard.event_id': event.id,
      'switchboard.outcome': 'accepted',
    });
    expect(spanNames).toEqual(
      expect.arrayContaining([
        'switchboard-ingest: ingest case event',
        expect.stringMatching(/^switchboard-ingest: StartWorkflow:caseEvent/),
        expect.stringMatching(/^switchboard-worker: RunWorkflow:caseEvent/),
        expect.stringMatching(/^switchboard-worker: RunActivity:/),
        'switchboard-worker: deliver',
      ]),
    );
    const deliver = trace.find((s) => s.name === 'deliver')!;
    expect(deliver.attributes).toMatchObject({ 'switchboard.channel': 'email' });
    // Every span hangs from another of the trace (or from the agency's): one tree, no orphans.
    const ids = new Set([agencySpanId, ...trace.map((s) => s.spanId)]);
    expect(trace.filter((s) => !ids.has(s.parentSpanId)).map((s) => s.name)).toEqual([]);

    // Nothing personal in any span of any trace: no name, address or subject reference.
    const everything = JSON.stringify(spans);
    for (const word of [name, 'Marisol', 'Quintanilla', email, subject])
      expect(everything).not.toContain(word);
  }, 120_000);
});
