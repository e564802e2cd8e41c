import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appendAuditRecord } from '@switchboard/db';
import { CodecRequestError, runCodec } from '@switchboard/sealed-payloads';
import type { ApiContext } from './trpc';

const MAX_CODEC_BODY_BYTES = 4 * 1024 * 1024;

/**
 * /codec/<token>/decode and /encode: Temporal's codec-server protocol for Temporal UI (set its codec
 * endpoint to <PUBLIC_URL>/codec/<token>). The token is the coordinator's authorisation; every
 * decode is audited (how many payloads, never what they said). CORS lets the UI's origin call it.
 */
export async function codecEndpoint(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  direction: string,
  readBody: (req: IncomingMessage, limit: number) => Promise<{ text?: string }>,
): Promise<void> {
  const origin = allowedOrigin(ctx.codec?.uiOrigin ?? 'http://localhost:8233', req.headers.origin);
  const cors = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, x-namespace, authorization',
    'access-control-allow-credentials': 'true',
    vary: 'origin',
  };
  const answer = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors).end();
    return;
  }
  if (!ctx.codec)
    return answer(404, { error: 'no codec endpoint on this hub (CODEC_ACCESS_TOKEN is not set)' });
  if (!sameSecret(token, ctx.codec.accessToken)) {
    await appendAuditRecord(ctx.db, {
      actor: 'unauthenticated',
      action: 'payload.decode',
      outcome: 'refused',
      reason: 'wrong codec token',
    });
    return answer(403, { error: 'not authorised to read sealed payloads' });
  }
  if (req.method !== 'POST' || (direction !== 'decode' && direction !== 'encode')) {
    return answer(404, { error: 'POST /codec/<token>/decode or /encode' });
  }
  const { text } = await readBody(req, MAX_CODEC_BODY_BYTES);
  if (text === undefined)
    return answer(413, { error: `the body is larger than ${MAX_CODEC_BODY_BYTES} bytes` });
  try {
    const result = await runCodec(ctx.codec.codec, direction, text);
    if (direction === 'decode') {
      await appendAuditRecord(ctx.db, {
        actor: 'coordinator',
        action: 'payload.decode',
        outcome: 'allowed',
        reason: `${result.payloads.length} payloads for namespace ${String(req.headers['x-namespace'] ?? '?')}`,
      });
    }
    return answer(200, result);
  } catch (error) {
    if (error instanceof CodecRequestError) return answer(400, { error: error.message });
    // A payload sealed under a key this hub no longer holds: say so, without details.
    return answer(422, { error: `cannot ${direction} these payloads: ${(error as Error).message}` });
  }
}

/** The UI's origin, under either name of the loopback host when it is local. */
function allowedOrigin(configured: string, requested: string | undefined): string {
  const twin = configured.includes('://localhost')
    ? configured.replace('://localhost', '://127.0.0.1')
    : configured.replace('://127.0.0.1', '://localhost');
  return requested === twin ? twin : configured;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
