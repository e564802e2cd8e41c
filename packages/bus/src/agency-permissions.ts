import { createUser, fromSeed } from '@nats-io/nkeys';
import type { BusNames } from './subjects';

/**
 * Where the hub runs its own NATS server, each agency connects as an NKey user of its own that may
 * publish only its own events and read only its own answers and feed. (In production the same
 * shape is one NATS account per agency; see docs/nats.md.)
 */
export interface NatsUser {
  publicKey: string;
  /** The secret half: handed to the agency (or kept by the hub for its own user), never stored. */
  seed: string;
}

export function createNatsUser(): NatsUser {
  const user = createUser();
  return { publicKey: user.getPublicKey(), seed: new TextDecoder().decode(user.getSeed()) };
}

export function natsUserFromSeed(seed: string): NatsUser {
  return { publicKey: fromSeed(new TextEncoder().encode(seed.trim())).getPublicKey(), seed: seed.trim() };
}

/** Replies to an agency's requests (JetStream acks) come to inboxes only it may read. */
export const agencyInboxPrefix = (agencyId: string) => `_INBOX_${agencyId}`;

export function agencyPermissions(names: BusNames, agencyId: string) {
  return {
    publish: { allow: [names.agencyEvents(agencyId), names.agencyNiem(agencyId)] },
    subscribe: {
      allow: [
        names.agencyReceipts(agencyId),
        `${names.prefix}.agency.${agencyId}.feed.>`,
        `${agencyInboxPrefix(agencyId)}.>`,
      ],
    },
  };
}

/** Who may connect and to what: the hub's user with every right, one confined user per agency. */
export function natsAuthorization(options: {
  names: BusNames;
  hubUser: string;
  agencies: { id: string; natsUser: string }[];
}) {
  return {
    users: [
      { nkey: options.hubUser },
      ...options.agencies.map((agency) => ({
        nkey: agency.natsUser,
        permissions: agencyPermissions(options.names, agency.id),
      })),
    ],
  };
}

/** A complete nats-server configuration: the hub's user with every right, one user per agency. */
export function natsServerConfig(options: {
  names: BusNames;
  hubUser: string;
  agencies: { id: string; natsUser: string }[];
  host?: string;
  port?: number;
  storeDir: string;
}): string {
  const config = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4222,
    jetstream: { store_dir: options.storeDir },
    authorization: natsAuthorization(options),
  };
  // nats-server reads JSON as its configuration syntax.
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Only the `authorization` block, for a file that a cluster's node configuration includes
 * (deploy/nats/nats.conf: `include "authorization.conf"`), so every node admits the same users.
 */
export function natsAuthorizationInclude(options: {
  names: BusNames;
  hubUser: string;
  agencies: { id: string; natsUser: string }[];
}): string {
  return `authorization: ${JSON.stringify(natsAuthorization(options), null, 2)}\n`;
}
