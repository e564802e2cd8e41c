import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { providerSignature, type TelephonyProvider } from '@switchboard/channels';

export interface SentText {
  sid: string;
  to: string;
  from: string;
  body: string;
}

export interface PlacedCall {
  sid: string;
  to: string;
  from: string;
  /** What the call plays (TwiML), as the hub sent it. */
  twiml: string;
}

/**
 * A local stand-in for a telephony provider that speaks Twilio's REST API: it takes messages and
 * calls (Basic auth, form-encoded), refuses numbers in `invalid` the way Twilio does (400, code
 * 21211), and calls each one's StatusCallback with a signed receipt (undelivered, 30003, for texts
 * to numbers in `unreachable`; a call is `completed`). `reply` plays the registrant texting back,
 * and `press` the one who answers a call keying digits into its Gather, signed like the provider's
 * webhooks.
 */
export async function startSmsStandIn() {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const messages: SentText[] = [];
  const calls: PlacedCall[] = [];
  const invalid = new Set<string>();
  const unreachable = new Set<string>();
  const receipts: Promise<unknown>[] = [];
  /** While set, a text is taken in and never answered, as by a provider that stalls mid-request. */
  const stall = { texts: false, stalled: [] as string[], onStall: () => {} };
  /** While set, every request is answered 503 by the gateway in front of the provider: nothing is taken. */
  const outage = { on: false, refused: 0 };

  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    if (outage.on) {
      outage.refused++;
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>503 Service Unavailable</h1>');
      return;
    }
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const resource = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(req.url ?? '');
    if (!resource || resource[1] !== accountSid || req.method !== 'POST') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 20404, message: 'not found' }));
      return;
    }
    if (req.headers.authorization !== expectedAuth) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 20003, message: 'auth' }));
      return;
    }
    const form = new URLSearchParams(text);
    const to = form.get('To') ?? '';
    if (stall.texts && resource[2] === 'Messages') {
      stall.stalled.push(to);
      stall.onStall();
      return;
    }
    if (invalid.has(to)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          code: 21211,
          message: `The 'To' number ${to} is not a valid phone number.`,
          status: 400,
        }),
      );
      return;
    }
    const isCall = resource[2] === 'Calls';
    const sid = `${isCall ? 'CA' : 'SM'}${randomBytes(16).toString('hex')}`;
    if (isCall) calls.push({ sid, to, from: form.get('From') ?? '', twiml: form.get('Twiml') ?? '' });
    else messages.push({ sid, to, from: form.get('From') ?? '', body: form.get('Body') ?? '' });
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ sid, status: 'queued', to }));
    const callback = form.get('StatusCallback');
    if (callback) {
      const receipt = isCall
        ? new URLSearchParams({ CallSid: sid, CallStatus: 'completed' })
        : new URLSearchParams({
            MessageSid: sid,
            MessageStatus: unreachable.has(to) ? 'undelivered' : 'delivered',
            ...(unreachable.has(to) && { ErrorCode: '30003' }),
          });
      receipts.push(signedPost(callback, receipt).catch(() => undefined));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  async function signedPost(url: string, params: URLSearchParams) {
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': providerSignature(authToken, url, params),
      },
      body: params,
    });
  }

  const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiBase,
    accountSid,
    authToken,
    from: '+14155550100',
    /** A hub's settings for this provider: a fresh object, whose callback URLs a test may set later. */
    settings(): TelephonyProvider {
      return { apiBase, accountSid, authToken, from: '+14155550100' };
    },
    messages,
    calls,
    stall,
    outage,
    invalid,
    unreachable,
    /** The registrant texts back; returns the hub's answer (TwiML). */
    async reply(inboundUrl: string, from: string, body: string, signedWith = authToken) {
      const params = new URLSearchParams({ From: from, To: '+14155550100', Body: body });
      const response = await fetch(inboundUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': providerSignature(signedWith, inboundUrl, params),
        },
        body: params,
      });
      return { status: response.status, text: await response.text() };
    },
    /**
     * The one who answers `call` keys in `digits`: posted to its Gather's action as the provider
     * would. Returns the hub's answer (TwiML).
     */
    async press(call: PlacedCall, digits: string, options: { hubUrl?: string; signedWith?: string } = {}) {
      const gathered = /<Gather [^>]*action="([^"]+)"/.exec(call.twiml)?.[1]?.replaceAll('&amp;', '&');
      if (!gathered) throw new Error('this call gathers no keys');
      // The hub's public address as the test's API serves it.
      const url = new URL(gathered);
      const action = options.hubUrl ? `${options.hubUrl}${url.pathname}${url.search}` : gathered;
      const signedWith = options.signedWith ?? authToken;
      const params = new URLSearchParams({ CallSid: call.sid, From: call.from, To: call.to, Digits: digits });
      const response = await fetch(action, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': providerSignature(signedWith, action, params),
        },
        body: params,
      });
      return { status: response.status, text: await response.text() };
    },
    async close() {
      await Promise.all(receipts);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
