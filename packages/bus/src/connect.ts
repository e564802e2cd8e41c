import { readFile } from 'node:fs/promises';
import { connect, credsAuthenticator, type NatsConnection, nkeyAuthenticator } from '@nats-io/transport-node';

export type { NatsConnection };

/**
 * `url`: one server or a cluster's, comma-separated (the client moves to another when one goes).
 * `nkeySeed`: for a NATS server that authenticates users by NKey (see agency-permissions.ts).
 * `creds`: an `nsc` credentials file's text (a user JWT and its seed), for operator-mode accounts.
 * `caFile`: the CA that signed the servers' certificates, for TLS.
 * `inboxPrefix`: where replies come back; an agency's user may only read its own.
 */
export async function connectBus(
  url: string,
  name: string,
  auth: { nkeySeed?: string; creds?: string; caFile?: string; inboxPrefix?: string } = {},
): Promise<NatsConnection> {
  const encode = (text: string) => new TextEncoder().encode(text);
  return connect({
    servers: url.split(',').map((server) => server.trim()),
    name,
    ...(auth.nkeySeed ? { authenticator: nkeyAuthenticator(encode(auth.nkeySeed)) } : {}),
    ...(auth.creds ? { authenticator: credsAuthenticator(encode(auth.creds)) } : {}),
    ...(auth.caFile ? { tls: { caFile: auth.caFile } } : {}),
    ...(auth.inboxPrefix ? { inboxPrefix: auth.inboxPrefix } : {}),
    // Keep trying through a NATS restart instead of exiting: JetStream holds what was published.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
}

/**
 * The hub's own processes: plain on an open server, as the hub's NKey user or its `nsc` credentials
 * where one is configured, over TLS where a CA is.
 */
export async function connectHubBus(
  config: { NATS_URL: string; NATS_NKEY_SEED_FILE?: string; NATS_CREDS_FILE?: string; NATS_CA_FILE?: string },
  name: string,
): Promise<NatsConnection> {
  const read = async (file?: string) => (file ? (await readFile(file, 'utf8')).trim() : undefined);
  return connectBus(config.NATS_URL, name, {
    nkeySeed: await read(config.NATS_NKEY_SEED_FILE),
    creds: await read(config.NATS_CREDS_FILE),
    caFile: config.NATS_CA_FILE,
  });
}
