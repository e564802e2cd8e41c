import type { Payload } from '@temporalio/common';
import type { SealedPayloadCodec } from './sealed-payload-codec';

/**
 * The Temporal codec-server protocol: POST /encode or /decode with `{ payloads: [...] }` as
 * protobuf JSON (bytes in base64) and the same shape back. This is how Temporal UI shows an
 * authorised coordinator what a sealed history says; callers decide who is authorised.
 */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export class CodecRequestError extends Error {
  override readonly name = 'CodecRequestError';
}

export async function runCodec(
  codec: SealedPayloadCodec,
  direction: 'encode' | 'decode',
  body: string,
): Promise<{ payloads: JsonPayload[] }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new CodecRequestError('the body is not JSON: send { "payloads": [ … ] }');
  }
  const raw = (parsed as { payloads?: unknown })?.payloads;
  if (!Array.isArray(raw)) throw new CodecRequestError('send { "payloads": [ … ] }');
  const payloads = raw.map(fromJson);
  const out = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
  return { payloads: out.map(toJson) };
}

function fromJson(value: unknown): Payload {
  const json = value as JsonPayload;
  if (typeof json !== 'object' || json === null)
    throw new CodecRequestError('each payload must be an object');
  return {
    metadata: Object.fromEntries(
      Object.entries(json.metadata ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64')]),
    ),
    data: json.data === undefined ? undefined : Buffer.from(json.data, 'base64'),
  };
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    ...(payload.data && { data: Buffer.from(payload.data).toString('base64') }),
  };
}
