import { readFile } from 'node:fs/promises';
import { connect, type NatsConnection, nkeyAuthenticator } from '@nats-io/transport-node';

export type { NatsConnection };

/**
 * `nkeySeed`: for a NATS server that authenticates users by NKey (see agency-permissions.ts).
 * `inboxPrefix`: where replies come back; an agency's user may only read its own.
 */
export async function connectBus(
  url: string,
  name: string,
  auth: { nkeySeed?: string; inboxPrefix?: string } = {},
): Promise<NatsConnection> {
  return connect({
    servers: url,
    name,
    ...(auth.nkeySeed ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(auth.nkeySeed)) } : {}),
    ...(auth.inboxPrefix ? { inboxPrefix: auth.inboxPrefix } : {}),
    // Keep trying through a NATS restart instead of exiting: JetStream holds what was published.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
}

/** The hub's own processes: plain on an open server, as the hub's NKey user where one is configured. */
export async function connectHubBus(
  config: { NATS_URL: string; NATS_NKEY_SEED_FILE?: string },
  name: string,
): Promise<NatsConnection> {
  const nkeySeed = config.NATS_NKEY_SEED_FILE
    ? (await readFile(config.NATS_NKEY_SEED_FILE, 'utf8')).trim()
    : undefined;
  return connectBus(config.NATS_URL, name, { nkeySeed });
}
