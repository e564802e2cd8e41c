import { readFile } from 'node:fs/promises';
import { type BusNames, type NatsConnection, type PublishOutcome, publishCaseEvent } from '@switchboard/bus';
import { agencyIdFromSource } from '@switchboard/events';

/** `switchboard publish <file>`: what an agency's system does, from a terminal. */
export async function publishFile(
  nc: NatsConnection,
  names: BusNames,
  file: string,
  agencyOverride?: string,
): Promise<{ outcome: PublishOutcome; agencyId: string }> {
  const payload = await readFile(file, 'utf8');
  const { agencyId, eventId } = peek(payload);
  const agency = agencyOverride ?? agencyId;
  if (!agency) {
    throw new UsageError(
      `cannot tell the publishing agency from ${file}: give --agency <id> or a source of /agencies/<id>`,
    );
  }
  return { outcome: await publishCaseEvent(nc, names, agency, payload, { eventId }), agencyId: agency };
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
      return { ok: true, text: `${r.outcome}: event ${r.eventId} -> workflow ${r.workflowId}` };
    }
  }
}

export class UsageError extends Error {}

function peek(payload: string): { agencyId?: string; eventId?: string } {
  try {
    const json = JSON.parse(payload) as { source?: unknown; id?: unknown };
    return {
      agencyId: typeof json.source === 'string' ? agencyIdFromSource(json.source) : undefined,
      eventId: typeof json.id === 'string' ? json.id : undefined,
    };
  } catch {
    return {}; // the hub will answer with a precise rejection
  }
}
