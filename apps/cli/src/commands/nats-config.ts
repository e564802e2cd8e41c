import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type BusNames,
  createNatsUser,
  natsAuthorizationInclude,
  natsServerConfig,
  natsUserFromSeed,
} from '@switchboard/bus';
import { type Db, listAgencies } from '@switchboard/db';

/**
 * `switchboard nats-config`: a nats-server configuration in which the hub has one NKey user and
 * every agency with a NATS user (`agency nats-user`) is confined to its own subjects.
 * `authorizationOnly`: just the users, for the production cluster's nodes to include
 * (deploy/nats/nats.conf), which set their own ports, TLS, cluster routes and storage.
 */
export async function writeNatsConfig(
  deps: { db: Db; names: BusNames; keysDir: string; hubSeedFile?: string },
  options: { out: string; port: number; authorizationOnly?: boolean },
): Promise<string[]> {
  const hubSeedFile = deps.hubSeedFile ?? join(deps.keysDir, 'hub.nk');
  if (!existsSync(hubSeedFile)) {
    await mkdir(dirname(hubSeedFile), { recursive: true });
    await writeFile(hubSeedFile, `${createNatsUser().seed}\n`, { mode: 0o600 });
  }
  const hub = natsUserFromSeed(await readFile(hubSeedFile, 'utf8'));
  const agencies = (await listAgencies(deps.db)).filter((a) => a.nats_user && a.status === 'active');
  const users = {
    names: deps.names,
    hubUser: hub.publicKey,
    agencies: agencies.map((a) => ({ id: a.id, natsUser: a.nats_user! })),
  };
  const config = options.authorizationOnly
    ? natsAuthorizationInclude(users)
    : natsServerConfig({
        ...users,
        port: options.port,
        storeDir: resolve(dirname(options.out), 'jetstream'),
      });
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, config);
  if (options.authorizationOnly)
    return [
      `wrote ${options.out}: the hub's user and ${agencies.length} agency user(s) (${agencies.map((a) => a.id).join(', ') || 'none yet'})`,
      `each node of the cluster includes it (deploy/nats/nats.conf); reload them: nats-server --signal reload`,
      `the hub's seed: ${resolve(hubSeedFile)} (NATS_NKEY_SEED_FILE)`,
    ];
  return [
    `wrote ${options.out}: the hub's user and ${agencies.length} agency user(s) (${agencies.map((a) => a.id).join(', ') || 'none yet'})`,
    `start it:  nats-server -c ${options.out}`,
    `run the hub against it with NATS_URL=nats://127.0.0.1:${options.port} NATS_NKEY_SEED_FILE=${resolve(hubSeedFile)}`,
  ];
}
