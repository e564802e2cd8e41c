import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Agent, fetch } from 'undici';
import { privateTargetOf, publicOnlyLookup } from './webhook-target';

/** A new signing secret in the Standard Webhooks form, given once to the endpoint's owner. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export class WebhookFailed extends Error {
  override readonly name = 'WebhookFailed';
  constructor(
    /** The HTTP status, or the network error's code: safe to log, it names no one. */
    readonly reason: string,
  ) {
    super(`webhook endpoint answered ${reason}`);
  }
}

export interface WebhookChannel {
  /**
   * POSTs `payload` signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
   * `id` stays the same across retries, so the receiver can drop a repeat.
   */
  send(message: { url: string; secret: string; id: string; payload: unknown }): Promise<void>;
}

export function createWebhookChannel(
  options: {
    timeoutMs?: number;
    /** Lets webhooks reach loopback and private networks: for a hub whose advocates' systems are on its own network, and for tests. */
    allowPrivateTargets?: boolean;
  } = {},
): WebhookChannel {
  // Every connection resolves its name through the check, so a name that later points inward fails.
  const dispatcher = options.allowPrivateTargets
    ? undefined
    : new Agent({ connect: { lookup: publicOnlyLookup } });
  return {
    async send({ url, secret, id, payload }) {
      if (!options.allowPrivateTargets && privateTargetOf(url)) throw new WebhookFailed('EPRIVATETARGET');
      const body = JSON.stringify(payload);
      const timestamp = new Date();
      const signature = new Webhook(secret).sign(id, timestamp, body);
      let response: Awaited<ReturnType<typeof fetch>>;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          redirect: 'error',
          dispatcher,
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string }; name?: string }).cause?.code;
        throw new WebhookFailed(cause ?? (error as Error).name);
      }
      await response.body?.cancel();
      if (!response.ok) throw new WebhookFailed(`HTTP ${response.status}`);
    },
  };
}
