import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { providerSignature } from '@switchboard/channels';

export interface SentText {
  sid: string;
  to: string;
  from: string;
  body: string;
}

/**
 * A local stand-in for an SMS provider that speaks Twilio's REST API: it takes messages (Basic
 * auth, form-encoded), refuses numbers in `invalid` the way Twilio does (400, code 21211), and
 * calls the message's StatusCallback with a signed receipt (undelivered, 30003, for numbers in
 * `unreachable`). `reply` plays the registrant texting back, signed like the provider's webhooks.
 */
export async function startSmsStandIn() {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const messages: SentText[] = [];
  const invalid = new Set<string>();
  const unreachable = new Set<string>();
  const receipts: Promise<unknown>[] = [];

  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json` || req.method !== 'POST') {
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
    const sid = `SM${randomBytes(16).toString('hex')}`;
    messages.push({ sid, to, from: form.get('From') ?? '', body: form.get('Body') ?? '' });
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ sid, status: 'queued', to }));
    const callback = form.get('StatusCallback');
    if (callback) {
      const receipt = new URLSearchParams({
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

  return {
    apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accountSid,
    authToken,
    from: '+14155550100',
    messages,
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
    async close() {
      await Promise.all(receipts);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
