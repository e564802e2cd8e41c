import { createServer, type Server } from 'node:http';
import type { Db } from '@switchboard/db';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every label any Switchboard metric may carry. Identifiers of agencies, kinds of events and
 * channels, outcomes: never a person, an address or a reference (a test holds the list).
 */
export const allowedLabels = ['agency', 'type', 'outcome', 'channel', 'kind', 'age'] as const;

export interface HubMetrics {
  registry: Registry;
  /** A case event's fate at ingest: accepted, duplicate, superseded, rejected. */
  caseEvent(agency: string, type: string, outcome: string): void;
  /** One send attempt on a channel: sent, failed, disabled. */
  delivery(channel: string, outcome: string): void;
  /** From the hub receiving an event to the first attempt to tell a registrant of it. */
  firstAttempt(seconds: number): void;
}

/** The process's metrics, with Node's own (memory, event loop, GC) under the same registry. */
export function createHubMetrics(process: 'api' | 'ingest' | 'worker', db?: Db): HubMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process });
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_node_' });
  const caseEvents = new Counter({
    name: 'switchboard_case_events_total',
    help: 'Case events received, by agency, type and what became of them',
    labelNames: ['agency', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'switchboard_deliveries_total',
    help: 'Send attempts to registrants, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const firstAttempt = new Histogram({
    name: 'switchboard_event_to_first_attempt_seconds',
    help: 'Seconds from the hub receiving an event to the first attempt to tell a registrant',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  if (db) stateGauges(registry, db);
  return {
    registry,
    caseEvent: (agency, type, outcome) => caseEvents.inc({ agency, type, outcome }),
    delivery: (channel, outcome) => deliveries.inc({ channel, outcome }),
    firstAttempt: (seconds) => firstAttempt.observe(seconds),
  };
}

/** What stands now, read from the database when scraped: one process (the api) exports these. */
function stateGauges(registry: Registry, db: Db): void {
  new Gauge({
    name: 'switchboard_unconfirmed_urgent',
    help: 'Registrants sent urgent news in the last week who have not confirmed it, by how long ago it was first sent',
    labelNames: ['age'] as const,
    registers: [registry],
    async collect() {
      const rows = await sql<{ over: boolean; n: string }>`
        select (min(d.sent_at) < now() - interval '1 hour') as over, count(*)::text as n from (
          select d.case_event_id, d.registration_id, min(d.sent_at) as sent_at
            from delivery d join case_event e on e.id = d.case_event_id
            left join notification_confirmation c
              on c.case_event_id = d.case_event_id and c.registration_id = d.registration_id
           where e.urgency = 'urgent' and d.status = 'sent' and c.case_event_id is null
             and d.sent_at > now() - interval '7 days'
           group by d.case_event_id, d.registration_id) d
         group by (d.sent_at < now() - interval '1 hour')`.execute(db);
      this.reset();
      this.set({ age: 'under_1h' }, 0);
      this.set({ age: 'over_1h' }, 0);
      for (const r of rows.rows) this.set({ age: r.over ? 'over_1h' : 'under_1h' }, Number(r.n));
    },
  });
  new Gauge({
    name: 'switchboard_feed_healthy',
    help: 'Per agency with an expected cadence: 1 healthy, 0 unhealthy (silent past its cadence), -1 not yet known',
    labelNames: ['agency'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db
        .selectFrom('agency')
        .select(['id', 'feed_health'])
        .where('heartbeat_seconds', 'is not', null)
        .execute();
      for (const r of rows)
        this.set({ agency: r.id }, r.feed_health === 'healthy' ? 1 : r.feed_health === 'unhealthy' ? 0 : -1);
    },
  });
  new Gauge({
    name: 'switchboard_open_holds',
    help: 'Holds keeping notices back now: burst holds awaiting a coordinator, safety holds in force',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const [burst, safety] = await Promise.all([
        sql<{ n: string }>`select count(*)::text as n from burst_hold where status = 'held'`.execute(db),
        sql<{
          n: string;
        }>`select count(*)::text as n from safety_hold where released_at is null and ends_at > now()`.execute(
          db,
        ),
      ]);
      this.set({ kind: 'burst' }, Number(burst.rows[0]?.n ?? 0));
      this.set({ kind: 'safety' }, Number(safety.rows[0]?.n ?? 0));
    },
  });
}

/** `GET /metrics` on a port of its own, for Prometheus; nothing else is served there. */
export function serveMetrics(metrics: HubMetrics, host: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
    } catch {
      res.writeHead(500).end('metrics failed; see the process log\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
