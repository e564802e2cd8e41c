import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSigningKey } from '@switchboard/agency-sdk';
import { type BusNames, type NatsConnection, type PublishOutcome, publishCaseEvent } from '@switchboard/bus';
import { signEvent } from '@switchboard/event-signature';
import { agencyIdFromSource } from '@switchboard/events';

export class UsageError extends Error {}

export const defaultKeyFile = (keysDir: string, agencyId: string) => join(keysDir, `${agencyId}.private.jwk`);

/** `switchboard publish <file>`: what an agency's system does, from a terminal. */
export async function publishFile(
  deps: { nc: NatsConnection; names: BusNames; keysDir: string },
  file: string,
  options: { agency?: string; key?: string },
): Promise<PublishOutcome> {
  const payload = await readFile(file, 'utf8');
  const agencyId = options.agency ?? sourceAgency(payload);
  if (!agencyId) {
    throw new UsageError(
      `cannot tell the publishing agency from ${file}: give --agency <id> or a source of /agencies/<id>`,
    );
  }
  const keyFile = options.key ?? defaultKeyFile(deps.keysDir, agencyId);
  if (!existsSync(keyFile)) {
    throw new UsageError(`no signing key for ${agencyId} at ${keyFile}; give --key <private JWK file>`);
  }
  const signature = await signEvent(payload, await readSigningKey(keyFile));
  return publishCaseEvent(deps.nc, deps.names, agencyId, payload, { signature });
}

export function describeOutcome(outcome: PublishOutcome): { text: string; ok: boolean } {
  switch (outcome.kind) {
    case 'absorbed':
      return {
        ok: true,
        text: `duplicate: JetStream already holds this event id (stream seq ${outcome.streamSeq}); nothing changes`,
      };
    case 'no-receipt':
      return {
        ok: false,
        text: `stored in JetStream (seq ${outcome.streamSeq}) but no receipt within ${outcome.waitedMs} ms: is ingest running?`,
      };
    case 'receipt': {
      const r = outcome.receipt;
      if (r.outcome === 'rejected') {
        return { ok: false, text: `rejected [${r.code}]${r.field ? ` at ${r.field}` : ''}: ${r.message}` };
      }
      if (r.outcome === 'superseded') {
        return {
          ok: true,
          text: `superseded: event ${r.eventId} is stored but tells nobody; your event ${r.supersededBy} is later news about the same thing`,
        };
      }
      return { ok: true, text: `${r.outcome}: event ${r.eventId} -> workflow ${r.workflowId}` };
    }
  }
}

export function sourceAgency(payload: string): string | undefined {
  try {
    const source = (JSON.parse(payload) as { source?: unknown }).source;
    return typeof source === 'string' ? agencyIdFromSource(source) : undefined;
  } catch {
    return undefined; // the hub will answer with a precise rejection
  }
}
