import { Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';

/** Where the hub's Temporal is and how it proves itself to it: address, namespace, API key or mTLS. */
export interface TemporalTarget {
  address: string;
  namespace: string;
  apiKey?: string;
  tls?: NonNullable<Parameters<typeof NativeConnection.connect>[0]>['tls'];
  metadata?: Record<string, string>;
}

const devServer = { address: '127.0.0.1:7233', namespace: 'default' };

/**
 * Read the way every Temporal tool reads it (`@temporalio/envconfig`): a profile from the TOML file
 * at TEMPORAL_CONFIG_FILE (or the user's default), overridden by TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_* and TEMPORAL_GRPC_META_*; so the `temporal`
 * CLI, Temporal Cloud's instructions and the hub agree. Nothing set: the local dev server.
 */
export function temporalTarget(env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  const { connectionOptions, namespace } = loadClientConnectConfig({
    overrideEnvVars: env as Record<string, string>,
  });
  const target: TemporalTarget = {
    address: connectionOptions.address ?? devServer.address,
    namespace: namespace ?? devServer.namespace,
  };
  if (typeof connectionOptions.apiKey === 'string') target.apiKey = connectionOptions.apiKey;
  if (connectionOptions.tls !== undefined) target.tls = connectionOptions.tls;
  if (connectionOptions.metadata) target.metadata = connectionOptions.metadata as Record<string, string>;
  return target;
}

function optionsOf(target: TemporalTarget) {
  return {
    address: target.address,
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
    ...(target.tls !== undefined ? { tls: target.tls } : {}),
    ...(target.metadata ? { metadata: target.metadata } : {}),
  };
}

/** A client's connection (starting, signalling, querying, listing workflows). */
export function connectTemporal(target: TemporalTarget): Promise<Connection> {
  return Connection.connect(optionsOf(target));
}

/** A worker's connection (the Rust core's), to the same cluster with the same credentials. */
export function connectTemporalWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect(optionsOf(target));
}
