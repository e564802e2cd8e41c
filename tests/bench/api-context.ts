import { randomUUID } from 'node:crypto';
import { type ApiContext, consentContext } from '@switchboard/api';
import { busNames, connectBus } from '@switchboard/bus';
import { createDb, RateLimits } from '@switchboard/db';
import { parseDataKeys } from '@switchboard/sealing';
import { connectTemporal } from '@switchboard/temporal';
import { Client } from '@temporalio/client';
import { provisionServices } from '../harness/services';

/**
 * The API's context for a benchmark, over the services the tests use: its own database, NATS names
 * and rate-limit counts. `close` stops everything it opened.
 */
export async function benchApiContext(name: string, options: { maxConnections?: number } = {}) {
  const services = await provisionServices();
  const { endpoints } = services;
  const db = createDb(endpoints.databaseUrl, options);
  const nc = await connectBus(endpoints.natsUrl, 'switchboard-bench');
  const connection = await connectTemporal({
    address: endpoints.temporalAddress,
    namespace: endpoints.temporalNamespace,
  });
  const keyring = parseDataKeys(endpoints.dataKeys.DATA_KEYS, endpoints.dataKeys.DATA_INDEX_KEY);
  const consent = consentContext(
    db,
    { CONSENT_TOKEN_TTL_SECONDS: 3600, CONSENT_MAX_DAYS: 365, CONSENT_REMINDER_SECONDS: 86_400 },
    keyring,
  );
  const ctx: ApiContext = {
    db,
    temporal: new Client({ connection, namespace: endpoints.temporalNamespace }),
    nc,
    names: busNames(name),
    taskQueue: 'bench',
    publicUrl: 'http://127.0.0.1',
    keyring,
    rateLimits: new RateLimits(db, `bench-${randomUUID()}`),
    feeds: { linkConfidence: 0.85, recheckSeconds: 60 },
    consent,
  };
  return {
    ctx,
    db,
    keyring,
    consent,
    async close() {
      await nc.close();
      await connection.close();
      await db.destroy();
      await services.teardown();
    },
  };
}
