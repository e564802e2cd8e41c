import { NumberRejected, TelephonyUnavailable, WebhookFailed } from '@switchboard/channels';
import { claimDelivery, keepNoticeWords, markDeliveryAttemptFailed, markDeliverySent } from '@switchboard/db';
import { inSpan } from '@switchboard/tracing';
import { ApplicationFailure } from '@temporalio/activity';
import type { Notice } from '../notices/compose-notice';
import { adapterOf, type DeliveryKey } from './channel-adapters';
import type { ActivityDeps, Recipient } from './deps';

/**
 * Sends `compose()` once for this key, whatever the channel: the delivery row is claimed before the
 * channel is called and marked sent after, so a retry after a crash or a failure never sends a sent
 * message again. A failure for good (the adapter says so) disables the contact point instead.
 */
export async function sendOnce(
  deps: ActivityDeps,
  key: DeliveryKey,
  to: Recipient,
  compose: (deliveryId: string) => Promise<Notice> | Notice,
  headers: Record<string, string> = {},
  /** The news itself (not a reminder or an escalation): when the hub received its event. */
  receivedAt?: Date,
): Promise<{ deliveryId: string; alreadySent: boolean } | { disabled: true }> {
  const { db, keyring, log, metrics } = deps;
  const delivery = await claimDelivery(db, key);
  if (receivedAt && key.round === 1 && delivery.attempts === 1 && delivery.status !== 'sent')
    metrics?.firstAttempt((Date.now() - receivedAt.getTime()) / 1000);
  if (delivery.status === 'sent') {
    log.info({ deliveryId: delivery.id, ...key }, 'delivery already sent; nothing to do');
    return { deliveryId: delivery.id, alreadySent: true };
  }
  const notice = await compose(delivery.id);
  // The registrant reads in the portal what each channel told them; escalations to staff are not theirs.
  if (!key.channel.endsWith('-email'))
    await keepNoticeWords(db, keyring, delivery.id, notice.inPortal ?? notice);
  const adapter = adapterOf(to.kind);
  let sentAs: string;
  try {
    // The provider's call in a span of its own (inside the activity's): its time is the provider's.
    sentAs = await inSpan('deliver', { channel: to.kind, deliveryId: delivery.id }, () =>
      adapter.send(deps, to, notice, {
        id: delivery.id,
        messageId: `<delivery-${delivery.id}@switchboard>`,
        headers,
        key,
      }),
    );
  } catch (error) {
    // The full message stays in our database; SMTP errors can quote the recipient's address,
    // so what reaches logs and Temporal history is the error code alone.
    await markDeliveryAttemptFailed(db, delivery.id, (error as Error).message);
    const reason = failureReason(error);
    metrics?.delivery(key.channel, 'failed');
    log.warn(
      { deliveryId: delivery.id, channel: to.kind, attempt: delivery.attempts, reason },
      'delivery attempt failed',
    );
    if (await adapter.gaveUp(deps, to, error, reason)) return { disabled: true };
    throw ApplicationFailure.retryable(
      `${to.kind} attempt ${delivery.attempts} failed: ${reason}`,
      'NotSent',
    );
  }
  await markDeliverySent(db, delivery.id, sentAs);
  metrics?.delivery(key.channel, 'sent');
  log.info({ deliveryId: delivery.id, ...key, attempt: delivery.attempts }, 'notice delivered');
  return { deliveryId: delivery.id, alreadySent: false };
}

/** Why a send failed, in words that name nobody (SMTP errors can quote the address). */
export function failureReason(error: unknown): string {
  if (error instanceof WebhookFailed || error instanceof TelephonyUnavailable) return error.reason;
  if (error instanceof NumberRejected) return `provider code ${error.code}`;
  const e = error as { code?: string; responseCode?: number };
  return [e.code, e.responseCode].filter(Boolean).join(' ') || 'unknown error';
}
