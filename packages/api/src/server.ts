import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { agencyJwks, RegistryError } from '@switchboard/agencies';
import { isProviderSignatureValid, spokenReply } from '@switchboard/channels';
import { confirmWithLink, confirmWithPin, confirmWithVoicePin } from '@switchboard/coordination';
import { SIGNATURE_HEADER } from '@switchboard/event-signature';
import { MAX_STATEMENT_CHARACTERS, submitImpactStatement } from '@switchboard/parole';
import { recordPhoneReceipt } from '@switchboard/registrations';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { codecEndpoint } from './codec-endpoint';
import {
  bearer,
  consentTokens,
  describeSubjects,
  disclosure,
  linkSubjectsOverHttp,
  MAX_DISCLOSURE_BODY_BYTES,
  MAX_SUBJECTS_PER_CALL,
  receiveSnapshot,
} from './data-exchange';
import { callerOf, sessionTokenOf } from './request-caller';
import { appRouter } from './root';
import { checkHealth } from './router/health';
import { openInbox } from './router/inbox';
import { setSessionCookie } from './sessions';
import { staffSignInRoute } from './staff-sign-in-routes';
import { MAX_HTTP_EVENT_BYTES, submitCaseEvent } from './submit-case-event';
import type { ApiContext } from './trpc';

/**
 * tRPC under /trpc; plain HTTP for agencies on neither NATS nor TypeScript:
 *   POST /agencies/<id>/events     body: the CloudEvent; header Switchboard-Signature
 *   GET  /agencies/<id>/jwks.json  the agency's active public keys
 *   GET  /health
 * for agencies reading what victims let them see (client assertion as bearer token):
 *   POST /disclosures              body: { consentToken, fields? }
 *   GET  /consent-tokens           fresh tokens for the consents addressed to the caller
 *   GET  /.well-known/jwks.json    the hub's consent-token keys
 *   POST /subjects                 body: { subjects: [{ subjectRef, givenName, familyName, birthDate }] }
 *   POST /subject-links            body: { links: [{ subjectRef, sameAs: { agencyId, subjectRef } }] }
 *   POST /snapshots/<feed>         body: the whole roster or calendar file; ?takenAt= when it was taken
 * for coordinators in Temporal UI (its codec endpoint):
 *   POST /codec/<token>/decode     Temporal's codec-server protocol, sealed payloads opened
 * and for registrants, the link in an urgent notice:
 *   GET  /confirm/<token>          a page with one button; POST /confirm/<token> confirms
 * for coordinators, supervisors and administrators, at their organisation's identity provider:
 *   GET  /sign-in                  leaves for the provider; /sign-in/callback comes back with a session
 * and a registrant's portal inbox, with the key their enrolment gave them:
 *   GET  /inbox                    Authorization: Bearer <inbox key>; newest first, ?before= pages back
 * and the link in a parole review notice:
 *   GET  /statement/<token>        a form for an impact statement; POST submits it
 */
export function createApiServer(ctx: ApiContext): Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: async ({ req, res }) => ({
      ...ctx,
      caller: await callerOf(ctx, req),
      sessionToken: sessionTokenOf(req),
      setSessionCookie: (token: string | null, maxAge?: number) => setSessionCookie(res, token, maxAge),
    }),
  });
  // A suspended agency or a revoked key stops authenticating at once, not when the cache expires.
  const changes = ctx.nc.subscribe(ctx.names.agencyChanged, {
    callback: (_error, message) => ctx.consent.agencies.forget(message?.string() || undefined),
  });
  const server = createServer((req, res) => {
    route(ctx, req, res, trpc).catch((error) => {
      if (!res.headersSent) json(res, 500, { error: 'internal error; see the API log' });
      console.error(
        JSON.stringify({ component: 'api', msg: 'request failed', err: (error as Error).message }),
      );
    });
  });
  server.on('close', () => changes.unsubscribe());
  return server;
}

async function route(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  trpc: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/trpc/')) return trpc(req, res);
  if (url.pathname === '/health' && req.method === 'GET') {
    const report = await checkHealth(ctx);
    return json(res, report.status === 'ok' ? 200 : 503, report);
  }
  if (url.pathname === '/.well-known/jwks.json' && req.method === 'GET') {
    return json(res, 200, await ctx.consent.hubKeys.jwks());
  }
  if (url.pathname === '/disclosures') {
    if (req.method !== 'POST') return json(res, 405, { error: 'POST { consentToken, fields } here' });
    const { text } = await readBody(req, MAX_DISCLOSURE_BODY_BYTES);
    const answer = await disclosure(ctx, bearer(req), text);
    return json(res, answer.status, answer.body);
  }
  if (url.pathname === '/subjects') {
    if (req.method !== 'POST') return json(res, 405, { error: 'POST { subjects: [ … ] } here' });
    const { text } = await readBody(req, MAX_SUBJECTS_PER_CALL * 512);
    if (text === undefined)
      return json(res, 413, { error: 'the body is too large; send fewer subjects per call' });
    const answer = await describeSubjects(ctx, bearer(req), text);
    return json(res, answer.status, answer.body);
  }
  if (url.pathname === '/subject-links') {
    if (req.method !== 'POST') return json(res, 405, { error: 'POST { links: [ … ] } here' });
    const { text } = await readBody(req, MAX_SUBJECTS_PER_CALL * 256);
    if (text === undefined)
      return json(res, 413, { error: 'the body is too large; send fewer links per call' });
    const answer = await linkSubjectsOverHttp(ctx, bearer(req), text);
    return json(res, answer.status, answer.body);
  }
  const snapshot = /^\/snapshots\/([^/]+)$/.exec(url.pathname);
  if (snapshot) {
    if (req.method !== 'POST') return json(res, 405, { error: 'POST the whole file here' });
    const answer = await receiveSnapshot(
      ctx,
      bearer(req),
      decodeURIComponent(snapshot[1]!),
      url.searchParams.get('takenAt'),
      req,
    );
    return json(res, answer.status, answer.body);
  }
  if (url.pathname === '/inbox' && req.method === 'GET') {
    const before = url.searchParams.has('before') ? new Date(url.searchParams.get('before')!) : undefined;
    if (before && Number.isNaN(before.getTime()))
      return json(res, 400, { error: '"before" must be an ISO date-time' });
    const messages = await openInbox(ctx, bearer(req) ?? '', before);
    if (!messages) return json(res, 401, { error: 'send your inbox key as "Authorization: Bearer <key>"' });
    return json(res, 200, { messages });
  }
  if (url.pathname === '/consent-tokens' && req.method === 'GET') {
    const answer = await consentTokens(ctx, bearer(req));
    return json(res, answer.status, answer.body);
  }
  const events = /^\/agencies\/([^/]+)\/events$/.exec(url.pathname);
  if (events) {
    if (req.method !== 'POST') return json(res, 405, { error: 'POST a CloudEvent here' });
    const { text, bytes } = await readBody(req, MAX_HTTP_EVENT_BYTES);
    const signature = req.headers[SIGNATURE_HEADER.toLowerCase()];
    const result = await submitCaseEvent(ctx, {
      agencyId: decodeURIComponent(events[1]!),
      body: text,
      bytes,
      signature: typeof signature === 'string' ? signature : undefined,
    });
    return json(res, result.status, result.receipt);
  }
  const jwks = /^\/agencies\/([^/]+)\/jwks\.json$/.exec(url.pathname);
  if (jwks && req.method === 'GET') {
    try {
      return json(res, 200, await agencyJwks(ctx.db, decodeURIComponent(jwks[1]!)));
    } catch (error) {
      if (error instanceof RegistryError) return json(res, 404, { error: error.message });
      throw error;
    }
  }
  if (/^\/providers\/(sms\/(status|inbound)|voice\/(status|gather))$/.test(url.pathname)) {
    return telephonyCallback(ctx, req, res, url);
  }
  const codec = /^\/codec\/([A-Za-z0-9_-]{1,200})\/([a-z]+)$/.exec(url.pathname);
  if (codec) return codecEndpoint(ctx, req, res, codec[1]!, codec[2]!, readBody);
  if (url.pathname === '/sign-in' || url.pathname === '/sign-in/callback')
    return staffSignInRoute(ctx, req, res, url, html);
  const confirmation = /^\/confirm\/([A-Za-z0-9_-]{1,100})$/.exec(url.pathname);
  if (confirmation) return confirmationPage(ctx, req, res, confirmation[1]!);
  const statement = /^\/statement\/([A-Za-z0-9_-]{1,100})$/.exec(url.pathname);
  if (statement) return statementPage(ctx, req, res, statement[1]!);
  json(res, 404, { error: 'not found; see the README for the API routes' });
}

/**
 * GET shows a button and changes nothing, because mail scanners open links in messages; only the
 * registrant's POST confirms. The answers say nothing about who the notice was for.
 */
async function confirmationPage(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  if (req.method === 'GET') {
    return html(
      res,
      200,
      `<form method="post"><p>Press the button to tell us you received the urgent notice. We will stop repeating it.</p>
<button type="submit">I got this</button></form>`,
    );
  }
  if (req.method !== 'POST') return html(res, 405, '<p>Open the link from your notice.</p>');
  for await (const _ of req) {
    // the form has no fields; drain the body
  }
  const outcome = await confirmWithLink(ctx, token);
  if (outcome === 'confirmed')
    return html(res, 200, '<p>Thank you. We have stopped repeating this notice.</p>');
  if (outcome === 'already-closed')
    return html(res, 200, '<p>Thank you. This notice needs nothing more from you.</p>');
  return html(
    res,
    404,
    '<p>This link is not valid or has expired. If you need help, call your advocate.</p>',
  );
}

/**
 * A victim's impact statement for a parole review: GET shows a form (and changes nothing), POST
 * submits it. A refused statement is shown back in the form, so nothing written is lost.
 */
async function statementPage(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  const form = (words = '', note = '') =>
    `${note}<form method="post"><p><label for="statement">Your statement to the parole board. Write as much or as little as you want; you do not have to write anything.</label></p>
<textarea id="statement" name="statement" rows="20" cols="80" maxlength="${MAX_STATEMENT_CHARACTERS}">${escapeHtml(words)}</textarea>
<p><button type="submit">Send my statement</button></p></form>`;
  if (req.method === 'GET') return html(res, 200, form());
  if (req.method !== 'POST') return html(res, 405, '<p>Open the link from your notice.</p>');
  const { text } = await readBody(req, 4 * MAX_STATEMENT_CHARACTERS + 1024);
  if (text === undefined) {
    return html(
      res,
      413,
      `<p>The statement is too long: at most ${MAX_STATEMENT_CHARACTERS} characters.</p>`,
    );
  }
  const words = new URLSearchParams(text).get('statement') ?? '';
  const result = await submitImpactStatement(ctx, token, words);
  switch (result.outcome) {
    case 'accepted':
      return html(
        res,
        200,
        `<p>Thank you. The board will have your statement. You can send a new one, which replaces it, until ${escapeHtml(result.deadline)}.</p>`,
      );
    case 'invalid':
      return html(res, 422, form(words, `<p>Not sent: ${escapeHtml(result.reason)}.</p>`));
    case 'closed':
      return html(
        res,
        409,
        form(
          words,
          `<p>Not sent: ${escapeHtml(result.reason)}. Your words are below; your victim advocate can tell you how else the board may hear you.</p>`,
        ),
      );
    default:
      return html(
        res,
        404,
        '<p>This link is not valid or has expired. If you need help, call your advocate.</p>',
      );
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The telephony provider's callbacks, signed with its auth token (X-Twilio-Signature): receipts for
 * texts and calls update the delivery row; a text reply carrying a PIN, or the registrant's own PIN
 * keyed in during a call, confirms urgent news. Unsigned calls change nothing.
 */
async function telephonyCallback(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== 'POST') return json(res, 405, { error: 'POST only' });
  if (!ctx.sms) return json(res, 404, { error: 'texts and calls are not configured on this hub' });
  const { text } = await readBody(req, 64 * 1024);
  const params = new URLSearchParams(text ?? '');
  const signature = req.headers['x-twilio-signature'];
  if (
    !isProviderSignatureValid(
      ctx.sms.authToken,
      // Signed over the URL as the provider called it, query included.
      `${ctx.publicUrl}${url.pathname}${url.search}`,
      params,
      typeof signature === 'string' ? signature : undefined,
    )
  ) {
    return json(res, 403, { error: 'bad or missing provider signature' });
  }
  const deliveryId = url.searchParams.get('delivery');
  if (url.pathname === '/providers/sms/status' || url.pathname === '/providers/voice/status') {
    const status = params.get('MessageStatus') ?? params.get('CallStatus');
    if (deliveryId && status) {
      await recordPhoneReceipt(ctx.db, deliveryId, status, params.get('ErrorCode') ?? undefined);
    }
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/providers/voice/gather') {
    const { outcome, language } = await confirmWithVoicePin(
      ctx,
      deliveryId ?? '',
      params.get('Digits') ?? '',
    );
    const words = {
      en: {
        confirmed: 'Thank you. We will stop calling about this notice. Goodbye.',
        'already-closed': 'Thank you. This notice needs nothing more from you. Goodbye.',
        'not-valid':
          'That PIN is not right, so we will call again. You can also confirm with the link in your other messages. Goodbye.',
      },
      es: {
        confirmed: 'Gracias. Dejaremos de llamar por este aviso. Adiós.',
        'already-closed': 'Gracias. Este aviso no necesita nada más de usted. Adiós.',
        'not-valid':
          'Ese PIN no es correcto, así que volveremos a llamar. También puede confirmar con el enlace de sus otros mensajes. Adiós.',
      },
    }[language][outcome];
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(spokenReply(words, language));
    return;
  }
  const outcome = await confirmWithPin(ctx, params.get('From') ?? '', params.get('Body') ?? '');
  const reply =
    outcome === 'confirmed'
      ? 'Thank you. We have stopped repeating this notice.'
      : outcome === 'already-closed'
        ? 'Thank you. This notice needs nothing more from you.'
        : 'That PIN is not valid. You can also confirm with the link in the message.';
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>${reply}</Message></Response>`);
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Switchboard</title><body>${body}</body></html>`,
  );
}

/** The body as text, unless it passes `limit` bytes (the rest is then drained, not kept). */
async function readBody(req: IncomingMessage, limit: number): Promise<{ text?: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? { bytes: size } : { text: Buffer.concat(chunks).toString('utf8'), bytes: size };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
