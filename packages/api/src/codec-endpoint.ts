import { describeCaller } from '@switchboard/callers';
import { appendAuditRecord } from '@switchboard/db';
import { CodecRequestError, runCodec } from '@switchboard/sealed-payloads';
import { json, readBody } from './html';
import { trustedUiOrigin } from './request-caller';
import type { RequestContext } from './trpc';

export const MAX_CODEC_BODY_BYTES = 4 * 1024 * 1024;

/**
 * CORS for Temporal UI's origin, credentials included: the UI sends the coordinator's session
 * cookie with each decode ("include cross-origin credentials" in its codec settings).
 */
export function codecCors(ctx: Pick<RequestContext, 'codec'>, origin: string | undefined) {
  const allowed = origin && trustedUiOrigin(ctx, origin) ? origin : (ctx.codec?.uiOrigin ?? '');
  return {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, x-namespace',
    'access-control-allow-credentials': 'true',
    vary: 'origin',
  };
}

/**
 * POST /codec/decode and /codec/encode: Temporal's codec-server protocol for Temporal UI (its
 * codec endpoint is <PUBLIC_URL>/codec). Who may call it is the route's policy (a signed-in
 * coordinator); every decode is audited with their name (how many payloads, never what they said).
 */
export async function runCodecRequest(
  ctx: RequestContext,
  req: Request,
  direction: 'decode' | 'encode',
): Promise<Response> {
  const cors = codecCors(ctx, req.headers.get('origin') ?? undefined);
  if (!ctx.codec) return json(404, { error: 'no codec endpoint on this hub' }, cors);
  const { text } = await readBody(req, MAX_CODEC_BODY_BYTES);
  if (text === undefined)
    return json(413, { error: `the body is larger than ${MAX_CODEC_BODY_BYTES} bytes` }, cors);
  try {
    const result = await runCodec(ctx.codec.codec, direction, text);
    if (direction === 'decode') {
      await appendAuditRecord(ctx.db, {
        actor: describeCaller(ctx.caller),
        action: 'payload.decode',
        outcome: 'allowed',
        reason: `${result.payloads.length} payloads for namespace ${req.headers.get('x-namespace') ?? '?'}`,
      });
    }
    return json(200, result, { 'cache-control': 'no-store', ...cors });
  } catch (error) {
    if (error instanceof CodecRequestError) return json(400, { error: error.message }, cors);
    // A payload sealed under a key this hub no longer holds: say so, without details.
    return json(422, { error: `cannot ${direction} these payloads: ${(error as Error).message}` }, cors);
  }
}
