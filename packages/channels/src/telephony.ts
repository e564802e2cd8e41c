import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Texts and calls through one provider that speaks Twilio's REST API (Twilio itself, or a
 * compatible gateway): POST /2010-04-01/Accounts/{sid}/Messages.json and …/Calls.json, form-encoded,
 * HTTP Basic auth, receipts to a status callback URL. Plain `fetch`: each call is a few form fields
 * and a JSON answer.
 */
export interface TelephonyProvider {
  /** e.g. https://api.twilio.com */
  apiBase: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** Where the provider reports delivery of texts (the API's /providers/sms/status). */
  statusCallbackUrl?: string;
  /** Where it reports how calls ended (the API's /providers/voice/status). */
  callStatusCallbackUrl?: string;
}

/** The provider refused the number for good (invalid, unreachable, a landline for texts): retrying cannot help. */
export class NumberRejected extends Error {
  override readonly name = 'NumberRejected';
  constructor(readonly code: string) {
    super(`telephony provider refused the number (code ${code})`);
  }
}

export class TelephonyUnavailable extends Error {
  override readonly name = 'TelephonyUnavailable';
  constructor(
    readonly reason: string,
    /**
     * `no`: the provider certainly did not take the message (no connection, or it said it is
     * down), so another provider may send it; `unknown`: it may have (a timeout), so only a retry
     * on the same provider, which knows its own, is safe from sending it twice.
     */
    readonly accepted: 'no' | 'unknown' = 'unknown',
  ) {
    super(`telephony provider unavailable: ${reason}`);
  }
}

const refusedConnection = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface Telephony {
  /**
   * Returns the provider's message id. `reference` (our delivery id) rides on the status callback
   * URL, so a receipt finds its delivery even when it arrives before we have written down the id.
   */
  send(message: { to: string; body: string; reference?: string }): Promise<{ providerId: string }>;
  /**
   * Places a call that plays `twiml` (what to say, and what keys to gather) when it is answered.
   * Returns the provider's call id; how the call ended comes to the call status callback.
   */
  placeCall(call: { to: string; twiml: string; reference?: string }): Promise<{ providerId: string }>;
}

/**
 * Texts and calls through `provider`, failing over to `fallback` (a second provider, another
 * account and number) when the first certainly did not take a message: urgent news still goes out
 * by text while one provider is down, and nobody gets it twice.
 */
export function createTelephony(provider: TelephonyProvider, fallback?: TelephonyProvider): Telephony {
  const primary = providerClient(provider);
  if (!fallback) return primary;
  const second = providerClient(fallback);
  const either =
    <M>(use: (client: Telephony, message: M) => Promise<{ providerId: string }>) =>
    async (message: M) => {
      try {
        return await use(primary, message);
      } catch (error) {
        if (!(error instanceof TelephonyUnavailable) || error.accepted !== 'no') throw error;
        return use(second, message);
      }
    };
  return {
    send: either((client, message) => client.send(message)),
    placeCall: either((client, call) => client.placeCall(call)),
  };
}

function providerClient(provider: TelephonyProvider): Telephony {
  const account = `${provider.apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${provider.accountSid}`;
  const auth = `Basic ${Buffer.from(`${provider.accountSid}:${provider.authToken}`).toString('base64')}`;
  async function post(resource: string, form: URLSearchParams): Promise<{ providerId: string }> {
    let response: Response;
    try {
      response = await fetch(`${account}/${resource}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new TelephonyUnavailable(code, refusedConnection.has(code) ? 'no' : 'unknown');
    }
    const answer = (await response.json().catch(() => ({}))) as { sid?: string; code?: number | string };
    if (response.ok && answer.sid) return { providerId: answer.sid };
    // 4xx with an error code is the provider's considered refusal; anything else may pass.
    if (response.status >= 400 && response.status < 500 && answer.code !== undefined) {
      throw new NumberRejected(String(answer.code));
    }
    // 502, 503 and 504 come from in front of the provider: the request never reached it.
    throw new TelephonyUnavailable(
      `HTTP ${response.status}`,
      [502, 503, 504].includes(response.status) ? 'no' : 'unknown',
    );
  }
  const callback = (url: string | undefined, reference: string | undefined) =>
    url && reference ? `${url}?delivery=${encodeURIComponent(reference)}` : undefined;
  return {
    send({ to, body, reference }) {
      const form = new URLSearchParams({ To: to, From: provider.from, Body: body });
      const status = callback(provider.statusCallbackUrl, reference);
      if (status) form.set('StatusCallback', status);
      return post('Messages.json', form);
    },
    placeCall({ to, twiml, reference }) {
      const form = new URLSearchParams({ To: to, From: provider.from, Twiml: twiml });
      const status = callback(provider.callStatusCallbackUrl, reference);
      if (status) {
        form.set('StatusCallback', status);
        form.set('StatusCallbackEvent', 'completed');
      }
      return post('Calls.json', form);
    },
  };
}

/**
 * X-Twilio-Signature: base64 HMAC-SHA1, keyed by the auth token, of the full URL followed by every
 * POST parameter name and value, sorted by name. Providers sign their callbacks with it.
 */
export function providerSignature(authToken: string, url: string, params: URLSearchParams): string {
  const data = [...params.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .reduce((acc, [key, value]) => acc + key + value, url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}

/** Checks a callback's signature in constant time. */
export function isProviderSignatureValid(
  authToken: string,
  url: string,
  params: URLSearchParams,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(providerSignature(authToken, url, params), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What a call says (TwiML), and, for urgent news, where the keys its answerer presses are sent. */
/** The provider's voice for each language calls are said in. */
const voices = { en: 'en-US', es: 'es-US', 'zh-Hant': 'zh-TW' } as const;
/** A language calls are said in. */
export type CallLanguage = keyof typeof voices;

export function spokenMessage(message: {
  text: string;
  language: CallLanguage;
  /** Asks for the registrant's PIN after the message; the provider posts the digits to `actionUrl`. */
  gather?: { actionUrl: string; prompt: string; noInput: string };
}): string {
  const voice = `language="${voices[message.language]}"`;
  const say = (text: string) => `<Say ${voice}>${escapeXml(text)}</Say>`;
  // Said twice: a call cannot be reread, and the first words are often missed.
  const body = `${say(message.text)}<Pause length="1"/>${say(message.text)}`;
  if (!message.gather) return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
  const { actionUrl, prompt, noInput } = message.gather;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><Response>` +
    `<Gather input="dtmf" finishOnKey="#" timeout="10" method="POST" action="${escapeXml(actionUrl)}">${body}${say(prompt)}</Gather>` +
    `${say(noInput)}</Response>`
  );
}

/** TwiML for the answer to pressed keys: a few words, and the call ends. */
export function spokenReply(text: string, language: CallLanguage): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="${voices[language]}">${escapeXml(text)}</Say><Hangup/></Response>`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
