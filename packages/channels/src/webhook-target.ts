import { type LookupAddress, lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet. Loopback, private, link-local (cloud metadata
 * lives there), carrier-grade NAT, unique-local and the rest are not: a webhook must never become
 * a way to reach the hub's own network.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Why a webhook URL names a target off the public internet by its very text (a loopback name or a
 * non-public IP literal), or undefined. Names that resolve to such addresses are caught when the
 * hub connects (`publicOnlyLookup`), so a DNS answer that changes later cannot slip past.
 */
export function privateTargetOf(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine`;
  if (ipaddr.isValid(host) && !isPublicAddress(host))
    return `${host} is a ${ipaddr.process(host).range()} address, not on the public internet`;
  return undefined;
}

/** A DNS lookup that fails when any address a name resolves to is off the public internet. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const denied = Object.assign(new Error(`${hostname} resolves to a non-public address`), {
        code: 'EPRIVATETARGET',
      });
      return callback(denied, '', 4);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
