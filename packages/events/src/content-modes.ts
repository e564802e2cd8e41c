import type { Rejection } from './rejection';

/** CloudEvents' HTTP content modes (and the same over NATS headers). */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';
/** A batch is one message on the bus; its events fit in one JetStream message together. */
export const MAX_BATCH_EVENTS = 100;
export const MAX_BATCH_BYTES = 256 * 1024 - 4096;

export type ContentMode = 'structured' | 'binary' | 'batch';

/**
 * The mode a message is in, as the CloudEvents HTTP binding decides it: the batch or structured
 * media type, else binary when a `ce-specversion` header is there. With neither, a body is read as
 * a structured event (as every event was before the modes were told apart).
 */
export function contentModeOf(headers: { get(name: string): string | null | undefined }): ContentMode {
  const mediaType = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === BATCH_CONTENT_TYPE) return 'batch';
  if (mediaType === STRUCTURED_CONTENT_TYPE) return 'structured';
  return headers.get('ce-specversion') ? 'binary' : 'structured';
}

type Reading =
  | { ok: true; json: string; eventId?: string }
  | { ok: false; rejection: Rejection; eventId?: string };

/**
 * A binary-mode event as the structured event it is: each `ce-<name>` header is the attribute
 * `<name>` (percent-decoded, as the binding writes them), the body is `data`, which must be JSON.
 */
export function structuredFromBinary(headers: Record<string, string>, body: Uint8Array | string): Reading {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('ce-')) continue;
    try {
      attributes[lower.slice(3)] = decodeURIComponent(value.trim());
    } catch {
      return {
        ok: false,
        rejection: {
          code: 'invalid_envelope',
          field: lower.slice(3),
          message: `header ${lower}: bad percent-encoding`,
        },
      };
    }
  }
  const eventId = attributes.id;
  const mediaType = (Object.entries(headers).find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (mediaType !== 'application/json')
    return {
      ok: false,
      eventId,
      rejection: {
        code: 'invalid_envelope',
        field: 'datacontenttype',
        message: `field datacontenttype: a binary-mode event's body must be application/json, not "${mediaType || 'none'}"`,
      },
    };
  let data: unknown;
  try {
    data = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      eventId,
      rejection: {
        code: 'malformed_json',
        message: `the body (data) is not valid JSON (${(error as Error).message})`,
      },
    };
  }
  // datacontenttype is said by Content-Type in this mode; the envelope knows it as application/json.
  const { datacontenttype: _said, ...rest } = attributes;
  return { ok: true, eventId, json: JSON.stringify({ ...rest, datacontenttype: 'application/json', data }) };
}

/** A batch's events, each as its own structured JSON, in order. */
export function eventsOfBatch(
  body: Uint8Array | string,
): { ok: true; events: Reading[] } | { ok: false; rejection: Rejection } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      rejection: { code: 'malformed_json', message: `batch is not valid JSON (${(error as Error).message})` },
    };
  }
  if (!Array.isArray(parsed))
    return {
      ok: false,
      rejection: { code: 'invalid_envelope', message: 'a batch is a JSON array of events' },
    };
  if (parsed.length === 0 || parsed.length > MAX_BATCH_EVENTS)
    return {
      ok: false,
      rejection: {
        code: 'invalid_envelope',
        message: `a batch holds 1 to ${MAX_BATCH_EVENTS} events, not ${parsed.length}`,
      },
    };
  return {
    ok: true,
    events: parsed.map((event) => {
      const id =
        typeof event === 'object' && event && typeof (event as { id?: unknown }).id === 'string'
          ? (event as { id: string }).id
          : undefined;
      return { ok: true as const, json: JSON.stringify(event), ...(id !== undefined && { eventId: id }) };
    }),
  };
}

/** The ids a batch's receipts will carry, in order (undefined for an event without one). */
export function batchEventIds(body: string): (string | undefined)[] {
  const read = eventsOfBatch(body);
  return read.ok ? read.events.map((event) => event.eventId) : [];
}
