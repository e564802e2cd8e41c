import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * SMS through a provider that speaks Twilio's REST API (Twilio itself, or a compatible gateway):
 * POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, HTTP Basic auth, delivery receipts
 * to a status callback URL. Plain `fetch`: the API is three form fields and a JSON answer.
 */
export interface SmsProvider {
  /** e.g. https://api.twilio.com */
  apiBase: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** Where the provider reports delivery (the API's /providers/sms/status). */
  statusCallbackUrl?: string;
}

/** The provider refused the message for good (an invalid or unreachable number): retrying cannot help. */
export class SmsRejected extends Error {
  override readonly name = 'SmsRejected';
  constructor(readonly code: string) {
    super(`SMS provider refused the message (code ${code})`);
  }
}

export class SmsFailed extends Error {
  override readonly name = 'SmsFailed';
  constructor(readonly reason: string) {
    super(`SMS provider unavailable: ${reason}`);
  }
}

export interface SmsChannel {
  /** Returns the provider's message id, kept on the delivery row to match receipts. */
  /**
   * `reference` (our delivery id) rides on the status callback URL, so a receipt finds its delivery
   * even when it arrives before we have written down the provider's id.
   */
  send(message: { to: string; body: string; reference?: string }): Promise<{ providerId: string }>;
}

export function createSmsChannel(provider: SmsProvider): SmsChannel {
  const url = `${provider.apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${provider.accountSid}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${provider.accountSid}:${provider.authToken}`).toString('base64')}`;
  return {
    async send({ to, body, reference }) {
      const form = new URLSearchParams({ To: to, From: provider.from, Body: body });
      if (provider.statusCallbackUrl && reference) {
        form.set('StatusCallback', `${provider.statusCallbackUrl}?delivery=${encodeURIComponent(reference)}`);
      }
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
          signal: AbortSignal.timeout(10_000),
        });
      } catch (error) {
        throw new SmsFailed((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name);
      }
      const answer = (await response.json().catch(() => ({}))) as { sid?: string; code?: number | string };
      if (response.ok && answer.sid) return { providerId: answer.sid };
      // 4xx with an error code is the provider's considered refusal; anything else may pass.
      if (response.status >= 400 && response.status < 500 && answer.code !== undefined) {
        throw new SmsRejected(String(answer.code));
      }
      throw new SmsFailed(`HTTP ${response.status}`);
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
