import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHubMetrics } from './metrics';

const deploy = (path: string) => readFileSync(new URL(`../../../deploy/${path}`, import.meta.url), 'utf8');

describe('metrics', () => {
  it('names in the alert rules and the dashboard are metrics the hub exports', async () => {
    const metrics = createHubMetrics('api');
    const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    // The database-read gauges are registered only with a database; their names are fixed here.
    for (const name of [
      'switchboard_unconfirmed_urgent',
      'switchboard_feed_healthy',
      'switchboard_open_holds',
    ])
      exported.add(name);
    for (const file of ['prometheus/alerts.yml', 'grafana/switchboard.json']) {
      const used = [...deploy(file).matchAll(/switchboard_[a-z_]+/g)].map((m) =>
        m[0].replace(/_(bucket|count|sum)$/, ''),
      );
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) expect(exported, `${file}: ${name}`).toContain(name);
    }
  });

  it('labels nothing but identifiers and outcomes', async () => {
    const metrics = createHubMetrics('worker');
    metrics.caseEvent('county-jail', 'custody.released', 'accepted');
    metrics.delivery('email', 'sent');
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'switchboard_case_events_total{agency="county-jail",type="custody.released",outcome="accepted",process="worker"} 1',
    );
    expect(text).toContain('switchboard_deliveries_total{channel="email",outcome="sent",process="worker"} 1');
  });
});
