import { createServer, type Server } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { agencyJwks, RegistryError } from '@switchboard/agencies';
import { anonymous, describeCaller, type Policy, refusal } from '@switchboard/callers';
import { appendAuditRecord } from '@switchboard/db';
import { binaryModeHeaders, SIGNATURE_HEADER } from '@switchboard/event-signature';
import { contentModeOf, eventReference, MAX_BATCH_BYTES } from '@switchboard/events';
import { MAX_NIEM_BYTES } from '@switchboard/niem';
import { MAX_AUDIO_BYTES, submitAudioStatementAsRegistrant } from '@switchboard/parole';
import { inSpan, type SpanFacts, withTraceOf } from '@switchboard/tracing';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { codecCors, runCodecRequest } from './codec-endpoint';
import {
  consentTokens,
  describeSubjects,
  disclosure,
  linkSubjectsOverHttp,
  MAX_DISCLOSURE_BODY_BYTES,
  MAX_SUBJECTS_PER_CALL,
  receiveSnapshot,
} from './data-exchange';
import { json, readBody } from './html';
import {
  confirmationForm,
  confirmNotice,
  pageLanguage,
  statementPage,
  submitStatement,
} from './notice-pages';
import { bearerOf, callerOf, sessionTokenOf } from './request-caller';
import { appRouter } from './root';
import { checkHealth } from './router/health';
import { openInbox } from './router/inbox';
import { sessionCookie } from './sessions';
import {
  deviceSignInSettings,
  finishDeviceSignIn,
  finishStaffSignIn,
  startStaffSignIn,
} from './staff-sign-in-routes';
import { MAX_HTTP_EVENT_BYTES, submitCaseEvent, submitCaseEventBatch } from './submit-case-event';
import { telephonyCallback } from './telephony-callbacks';
import type { ApiContext, RequestContext } from './trpc';

/**
 * Who may call an HTTP route, and what proves it. `door`: checked before the handler runs, from the
 * session the request carries, against the caller policies of @switchboard/callers. The others are
 * proofs only the handler can check, because checking spends or audits them as part of the action:
 * an agency's single-use client assertion, the signature on an event, a notice's link token, an
 * inbox key, the telephony provider's signature. tRPC procedures declare their own (policies.ts).
 */
export type RouteAccess =
  | { door: Policy }
  | {
      proof:
        | 'client assertion'
        | 'event signature'
        | 'notice link token'
        | 'inbox key'
        | 'provider signature'
        | 'identity provider'
        | 'each procedure';
    };

type Method = 'GET' | 'POST' | 'OPTIONS';
type Handler = (ctx: RequestContext, req: Request, params: Record<string, string>) => Promise<Response>;

interface Route {
  method: Method;
  path: string;
  /** Called from Temporal UI's pages (the codec endpoint): its origin is trusted and answered with CORS. */
  temporalUi?: true;
  access: RouteAccess;
  handle: Handler;
}

/** An agency's request, in the trace its `traceparent` header names (or a new one), as a span of its own. */
const inTraceOf = (req: Request, name: string, facts: SpanFacts, work: () => Promise<Response>) =>
  withTraceOf(Object.fromEntries(req.headers.entries()), () => inSpan(name, facts, work));

const answer = ({ status, body }: { status: number; body: unknown }) => json(status, body);

/**
 * Every HTTP route, with who may call it. Routes not listed here do not exist: the app is built from
 * this table alone, and a unit test holds it against a reviewed copy.
 */
const routes: Route[] = [
  {
    method: 'GET',
    path: '/',
    access: { door: 'public' },
    handle: async (ctx, req) => portalFile(ctx, req, '/'),
  },
  {
    method: 'POST',
    path: '/statements/audio',
    access: { door: 'registrant-self' },
    handle: (ctx, req) => receiveAudioStatement(ctx, req),
  },
  {
    method: 'GET',
    path: '/portal/:file{[A-Za-z0-9_-]{1,40}\\.(js|css)}',
    access: { door: 'public' },
    handle: async (ctx, req, { file }) => portalFile(ctx, req, `/portal/${file}`),
  },
  {
    method: 'GET',
    path: '/health',
    access: { door: 'public' },
    handle: async (ctx) => {
      const report = await checkHealth(ctx);
      return json(report.status === 'ok' ? 200 : 503, report);
    },
  },
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    access: { door: 'public' },
    handle: async (ctx) => json(200, await ctx.consent.hubKeys.jwks()),
  },
  {
    // The event reference for agencies' developers: JSON Schema per type and version, an example each.
    method: 'GET',
    path: '/events/schema',
    access: { door: 'public' },
    handle: async () => json(200, { events: eventReference() }),
  },
  {
    method: 'GET',
    path: '/agencies/:agencyId/jwks.json',
    access: { door: 'public' },
    handle: async (ctx, _req, { agencyId }) => {
      try {
        return json(200, await agencyJwks(ctx.db, agencyId!));
      } catch (error) {
        if (error instanceof RegistryError) return json(404, { error: error.message });
        throw error;
      }
    },
  },
  {
    method: 'POST',
    path: '/agencies/:agencyId/events',
    access: { proof: 'event signature' },
    // CloudEvents' HTTP binding: structured, binary (ce-* headers) or a batch, told by the headers.
    handle: (ctx, req, { agencyId }) => {
      const mode = contentModeOf(req.headers);
      return inTraceOf(req, 'receive case event', { agencyId, contentMode: mode }, async () => {
        const signature = req.headers.get(SIGNATURE_HEADER) ?? undefined;
        if (mode === 'batch') {
          const { text, bytes } = await readBody(req, MAX_BATCH_BYTES);
          const result = await submitCaseEventBatch(ctx, {
            agencyId: agencyId!,
            body: text,
            bytes,
            signature,
          });
          return json(result.status, result.body);
        }
        const { text, bytes } = await readBody(req, MAX_HTTP_EVENT_BYTES);
        const result = await submitCaseEvent(ctx, {
          agencyId: agencyId!,
          body: text,
          bytes,
          signature,
          ...(mode === 'binary' && { binaryHeaders: binaryModeHeaders(req.headers.entries()) }),
        });
        return json(result.status, result.receipt);
      });
    },
  },
  {
    method: 'POST',
    path: '/agencies/:agencyId/niem',
    access: { proof: 'event signature' },
    handle: (ctx, req, { agencyId }) =>
      inTraceOf(req, 'receive NIEM exchange', { agencyId, contentMode: 'niem' }, async () => {
        const { text, bytes } = await readBody(req, MAX_NIEM_BYTES);
        const result = await submitCaseEvent(ctx, {
          agencyId: agencyId!,
          body: text,
          bytes,
          signature: req.headers.get(SIGNATURE_HEADER) ?? undefined,
          niem: true,
        });
        return json(result.status, result.receipt);
      }),
  },
  {
    method: 'POST',
    path: '/disclosures',
    access: { proof: 'client assertion' },
    handle: async (ctx, req) =>
      answer(await disclosure(ctx, bearerOf(req), (await readBody(req, MAX_DISCLOSURE_BODY_BYTES)).text)),
  },
  {
    method: 'GET',
    path: '/consent-tokens',
    access: { proof: 'client assertion' },
    handle: async (ctx, req) => answer(await consentTokens(ctx, bearerOf(req))),
  },
  {
    method: 'POST',
    path: '/subjects',
    access: { proof: 'client assertion' },
    handle: async (ctx, req) => {
      const { text } = await readBody(req, MAX_SUBJECTS_PER_CALL * 512);
      if (text === undefined)
        return json(413, { error: 'the body is too large; send fewer subjects per call' });
      return answer(await describeSubjects(ctx, bearerOf(req), text));
    },
  },
  {
    method: 'POST',
    path: '/subject-links',
    access: { proof: 'client assertion' },
    handle: async (ctx, req) => {
      const { text } = await readBody(req, MAX_SUBJECTS_PER_CALL * 256);
      if (text === undefined) return json(413, { error: 'the body is too large; send fewer links per call' });
      return answer(await linkSubjectsOverHttp(ctx, bearerOf(req), text));
    },
  },
  {
    method: 'POST',
    path: '/snapshots/:feed',
    access: { proof: 'client assertion' },
    handle: async (ctx, req, { feed }) => {
      const takenAt = new URL(req.url).searchParams.get('takenAt');
      return answer(await receiveSnapshot(ctx, bearerOf(req), feed!, takenAt, buffers(req)));
    },
  },
  {
    method: 'GET',
    path: '/inbox',
    access: { proof: 'inbox key' },
    handle: async (ctx, req) => {
      const query = new URL(req.url).searchParams;
      const before = query.has('before') ? new Date(query.get('before')!) : undefined;
      if (before && Number.isNaN(before.getTime()))
        return json(400, { error: '"before" must be an ISO date-time' });
      const wait = await ctx.rateLimits.waitFor('failurePerClient', ctx.clientAddress);
      if (wait > 0)
        return json(429, { error: 'too many attempts; try again later' }, { 'retry-after': String(wait) });
      const messages = await openInbox(ctx, bearerOf(req) ?? '', before);
      if (!messages) {
        await ctx.rateLimits.count('failurePerClient', ctx.clientAddress);
        return json(401, { error: 'send your inbox key as "Authorization: Bearer <key>"' });
      }
      return json(200, { messages });
    },
  },
  ...[
    '/providers/sms/status',
    '/providers/sms/inbound',
    '/providers/voice/status',
    '/providers/voice/gather',
  ].map(
    (path): Route => ({
      method: 'POST',
      path,
      access: { proof: 'provider signature' },
      handle: (ctx, req) => telephonyCallback(ctx, req),
    }),
  ),
  {
    method: 'OPTIONS',
    path: '/codec/:direction',
    access: { door: 'public' },
    temporalUi: true,
    handle: async (ctx, req) =>
      new Response(null, { status: 204, headers: codecCors(ctx, req.headers.get('origin') ?? undefined) }),
  },
  ...(['decode', 'encode'] as const).map(
    (direction): Route => ({
      method: 'POST',
      path: `/codec/${direction}`,
      access: { door: 'coordinator' },
      temporalUi: true,
      handle: (ctx, req) => runCodecRequest(ctx, req, direction),
    }),
  ),
  {
    method: 'GET',
    path: '/sign-in',
    access: { proof: 'identity provider' },
    handle: (ctx) => startStaffSignIn(ctx),
  },
  {
    method: 'GET',
    path: '/sign-in/device',
    access: { door: 'public' },
    handle: async (ctx) => deviceSignInSettings(ctx),
  },
  {
    method: 'POST',
    path: '/sign-in/device',
    access: { proof: 'identity provider' },
    handle: (ctx, req) => finishDeviceSignIn(ctx, req),
  },
  {
    method: 'GET',
    path: '/sign-in/callback',
    access: { proof: 'identity provider' },
    handle: (ctx, req) => finishStaffSignIn(ctx, req),
  },
  {
    method: 'GET',
    path: '/confirm/:token{[A-Za-z0-9_-]{1,100}}',
    access: { proof: 'notice link token' },
    handle: async (_ctx, req) => confirmationForm(pageLanguage(req.url)),
  },
  {
    method: 'POST',
    path: '/confirm/:token{[A-Za-z0-9_-]{1,100}}',
    access: { proof: 'notice link token' },
    handle: (ctx, req, { token }) => confirmNotice(ctx, token!, pageLanguage(req.url)),
  },
  {
    method: 'GET',
    path: '/statement/:token{[A-Za-z0-9_-]{1,100}}',
    access: { proof: 'notice link token' },
    handle: async (_ctx, req) => statementPage(pageLanguage(req.url)),
  },
  {
    method: 'POST',
    path: '/statement/:token{[A-Za-z0-9_-]{1,100}}',
    access: { proof: 'notice link token' },
    handle: (ctx, req, { token }) => submitStatement(ctx, req, token!, pageLanguage(req.url)),
  },
];

/** Every HTTP route and who may call it, for the policy-coverage test and the README. */
export function declaredRoutes(): { method: string; path: string; access: RouteAccess }[] {
  return [
    ...routes.map(({ method, path, access }) => ({ method, path, access })),
    { method: 'GET', path: '/trpc/*', access: { proof: 'each procedure' } },
    { method: 'POST', path: '/trpc/*', access: { proof: 'each procedure' } },
  ];
}

/** tRPC batches are small JSON: far less than this. */
const MAX_TRPC_BODY_BYTES = 1024 * 1024;

type Env = { Bindings: HttpBindings; Variables: { request: Omit<RequestContext, 'caller'> } };

/** The Hono app: one place for the Host allow-list, the caller, body limits and error answers. */
export function createApiApp(ctx: ApiContext, options: { allowedHosts?: readonly string[] } = {}) {
  const hosts = allowedHostnames(ctx.publicUrl, options.allowedHosts ?? []);
  const app = new Hono<Env>();

  // DNS rebinding: a page on another name that resolves here must not reach the hub as its own.
  app.use(async (c, next) => {
    const host = hostnameOf(c.req.header('host'));
    if (!host || !hosts.has(host))
      return json(421, {
        error: `this hub answers to ${[...hosts].join(', ')}; not to ${host ?? 'no Host'}`,
      });
    try {
      decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return json(400, { error: 'the path has malformed percent-encoding' });
    }
    const cookies: string[] = [];
    c.set('request', {
      ...ctx,
      clientAddress: c.env?.incoming?.socket.remoteAddress ?? 'unknown',
      sessionToken: sessionTokenOf(c.req.raw),
      setSessionCookie: (token, maxAge) => cookies.push(sessionCookie(token, maxAge)),
    });
    await next();
    for (const cookie of cookies) c.res.headers.append('set-cookie', cookie);
  });

  const trpc = (c: Context<Env>) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: async () => ({ ...c.var.request, caller: await callerOf(ctx, c.req.raw) }),
    });
  const trpcBodyLimit = bodyLimit({
    maxSize: MAX_TRPC_BODY_BYTES,
    onError: () => json(413, { error: `the body is larger than ${MAX_TRPC_BODY_BYTES} bytes` }),
  });
  app.get('/trpc/*', trpc);
  app.post('/trpc/*', trpcBodyLimit, trpc);

  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      // A proof route's handler checks its own proof; asking callerOf here would spend an
      // agency's single-use assertion before the handler could.
      const caller =
        'door' in route.access
          ? await callerOf(ctx, c.req.raw, { fromTemporalUi: route.temporalUi })
          : anonymous;
      const request = { ...c.var.request, caller };
      if ('door' in route.access) {
        const refused = refusal(request.caller, [route.access.door]);
        if (refused) {
          await appendAuditRecord(ctx.db, {
            actor: describeCaller(request.caller),
            action: `http.${route.method} ${route.path}`,
            outcome: 'refused',
            reason: refused.message,
          });
          const status = refused.code === 'UNAUTHORIZED' ? 401 : 403;
          const cors = route.temporalUi ? codecCors(ctx, c.req.header('origin')) : {};
          return json(status, { error: refused.message }, cors);
        }
      }
      return route.handle(request, c.req.raw, c.req.param() as Record<string, string>);
    });
  }

  app.notFound(() => json(404, { error: 'not found; see the README for the API routes' }));
  // Errors say what to do, never how the hub is built: no stack, no driver message.
  app.onError((error) => {
    console.error(JSON.stringify({ component: 'api', msg: 'request failed', err: error.message }));
    return json(500, { error: 'internal error; see the API log' });
  });
  return app;
}

/**
 * tRPC under /trpc; plain HTTP for agencies, registrants' links, the telephony provider, Temporal
 * UI's codec endpoint and staff sign-in: see `routes` above and the README's API section.
 */
export function createApiServer(ctx: ApiContext, options: { allowedHosts?: readonly string[] } = {}): Server {
  const app = createApiApp(ctx, options);
  // A suspended agency or a revoked key stops authenticating at once, not when the cache expires.
  const changes = ctx.nc.subscribe(ctx.names.agencyChanged, {
    callback: (_error, message) => ctx.consent.agencies.forget(message?.string() || undefined),
  });
  const server = createServer(getRequestListener(app.fetch));
  server.on('close', () => changes.unsubscribe());
  return server;
}

/**
 * The portal's page and its two files. The page is never cached and says so strictly (a shared
 * phone's back button must not show it after sign-out), sends no referrer (the quick exit leaves no
 * trace at the neutral site), and runs only its own script (CSP).
 */
function portalFile(ctx: ApiContext, req: Request, path: string): Response {
  const asset = ctx.portal?.get(path);
  if (!asset)
    return json(404, { error: ctx.portal ? 'not found' : 'the portal is not served by this API process' });
  const gzip = asset.gzip && /\bgzip\b/.test(req.headers.get('accept-encoding') ?? '');
  const headers: Record<string, string> = {
    'content-type': asset.type,
    'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    vary: 'accept-encoding',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  if (!asset.immutable) {
    headers['content-security-policy'] =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    headers['x-frame-options'] = 'DENY';
  }
  return new Response(Buffer.from((gzip ? asset.gzip : asset.body) as Uint8Array), { status: 200, headers });
}

/**
 * A spoken impact statement from the signed-in registrant: the recording as the body (too large for a
 * tRPC call), for `?registrationId=&reviewWorkflowId=`, to a review whose notice reached them.
 */
async function receiveAudioStatement(ctx: RequestContext, req: Request): Promise<Response> {
  if (ctx.caller.kind !== 'registrant')
    return json(403, { error: 'a statement is the victim’s own to give' });
  const url = new URL(req.url);
  const to = {
    registrationId: url.searchParams.get('registrationId') ?? '',
    reviewWorkflowId: url.searchParams.get('reviewWorkflowId') ?? '',
  };
  if (
    !/^[0-9a-f-]{36}$/.test(to.registrationId) ||
    to.reviewWorkflowId.length === 0 ||
    to.reviewWorkflowId.length > 200
  )
    return json(400, { error: 'name the registration and the review (registrationId, reviewWorkflowId)' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of buffers(req)) {
    size += chunk.length;
    // The rest of the body is not read: the connection closes after the answer, never reused.
    if (size > MAX_AUDIO_BYTES)
      return json(
        413,
        { error: `a recording may be at most ${MAX_AUDIO_BYTES / 1024 / 1024} MB (about ten minutes)` },
        { connection: 'close' },
      );
    chunks.push(chunk);
  }
  const result = await submitAudioStatementAsRegistrant(
    ctx,
    ctx.caller.registrantId,
    to,
    Buffer.concat(chunks),
  );
  if (result.outcome === 'accepted') return json(200, { outcome: 'accepted', deadline: result.deadline });
  if (result.outcome === 'not-valid')
    return json(404, { error: 'no parole review of yours takes statements' });
  return json(result.outcome === 'closed' ? 409 : 422, { error: result.reason });
}

/** The body as it arrives, in Buffers, so a whole roster is never held in memory. */
async function* buffers(req: Request): AsyncIterable<Buffer> {
  if (!req.body) return;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** The hub's public name, and the loopback names it is reached by on its own machine. */
function allowedHostnames(publicUrl: string, extra: readonly string[]): Set<string> {
  return new Set(
    [new URL(publicUrl).hostname, 'localhost', '127.0.0.1', '[::1]', ...extra].map((h) => h.toLowerCase()),
  );
}

function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
