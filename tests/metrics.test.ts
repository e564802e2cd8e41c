import type { AddressInfo } from 'node:net';
import { header, waitForMessages } from '@switchboard/mailbox';
import { allowedLabels, createHubMetrics, serveMetrics } from '@switchboard/metrics';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Prometheus metrics over the real services: what ingest and the worker did, and what stands now
 * read from the database, served on a port of its own; and nothing in a label or value that names a
 * person, an address or a case.
 */
describe('metrics', () => {
  let hub: TestHub;
  const metrics = createHubMetrics('worker');
  beforeAll(async () => {
    hub = await startHub(inject('services'), { metrics });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('counts events, deliveries and the time to a first attempt, with identifiers only', async () => {
    const subject = uniqueSubject();
    const email = `wren.${subject.toLowerCase()}@example.test`;
    await hub.register(subject, { displayName: 'Wren Ashby', email });
    const event = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', event);
    await waitForMessages(hub.mailDir, (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`);
    await hub.publish('county-jail', event, { msgId: false }); // a replay: a duplicate

    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /switchboard_case_events_total\{agency="county-jail",type="custody.released",outcome="accepted",process="worker"\} [1-9]/,
    );
    expect(text).toMatch(/switchboard_case_events_total\{[^}]*outcome="duplicate"[^}]*\} [1-9]/);
    expect(text).toMatch(
      /switchboard_deliveries_total\{channel="email",outcome="sent",process="worker"\} [1-9]/,
    );
    expect(text).toMatch(/switchboard_event_to_first_attempt_seconds_count\{process="worker"\} [1-9]/);
    for (const secret of ['Wren', email, subject]) expect(text).not.toContain(secret);
    const labels = new Set([...text.matchAll(/[{,](\w+)="/g)].map((m) => m[1]!));
    for (const label of labels)
      expect([
        ...allowedLabels,
        'process',
        'le',
        'quantile',
        'version',
        'major',
        'minor',
        'patch',
        'space',
        'kind',
        'type',
      ]).toContain(label);
  });

  it('serves what stands now from the database, on its own port', async () => {
    const api = createHubMetrics('api', hub.db);
    const server = await serveMetrics(api, '127.0.0.1', 0);
    try {
      const port = (server.address() as AddressInfo).port;
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      expect(text).toMatch(/switchboard_unconfirmed_urgent\{age="over_1h",process="api"\} \d+/);
      expect(text).toMatch(/switchboard_open_holds\{kind="safety",process="api"\} \d+/);
      expect(text).toContain('switchboard_feed_healthy');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
