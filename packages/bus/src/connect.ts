import { connect, type NatsConnection } from '@nats-io/transport-node';

export type { NatsConnection };

export async function connectBus(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url,
    name,
    // Keep trying through a NATS restart instead of exiting: JetStream holds what was published.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
}
