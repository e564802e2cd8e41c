import { createDb, migrateToLatest } from '@switchboard/db';
import { newDataKey, newIndexKey } from '@switchboard/sealing';
import { allSearchAttributes } from '@switchboard/workflows/contract';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, Wait } from 'testcontainers';
import { type ProvisionedServices, temporalDevServerArgs } from './services';

/**
 * The testcontainers path, for hosts with a Docker engine. Not exercised on the project's own
 * machines, which have none (see README).
 */
export async function provisionContainers(): Promise<ProvisionedServices> {
  const [postgres, nats, temporal] = await Promise.all([
    new PostgreSqlContainer('postgres:16-alpine').withDatabase('switchboard').start(),
    new GenericContainer('nats:2.10-alpine')
      .withCommand(['-js'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start(),
    new GenericContainer('temporalio/temporal:1.5.1')
      .withCommand([
        'server',
        'start-dev',
        '--ip',
        '0.0.0.0',
        ...allSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
        ...temporalDevServerArgs,
      ])
      .withExposedPorts(7233)
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
  ]);
  const databaseUrl = postgres.getConnectionUri();
  const db = createDb(databaseUrl, { maxConnections: 1 });
  await migrateToLatest(db);
  await db.destroy();
  return {
    endpoints: {
      databaseUrl,
      natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
      temporalAddress: `${temporal.getHost()}:${temporal.getMappedPort(7233)}`,
      temporalNamespace: 'default',
      source: 'testcontainers',
      dataKeys: { DATA_KEYS: newDataKey(), DATA_INDEX_KEY: newIndexKey() },
    },
    async teardown() {
      await Promise.all([postgres.stop(), nats.stop(), temporal.stop()]);
    },
  };
}
