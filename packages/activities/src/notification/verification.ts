import { NumberRejected } from '@switchboard/channels';
import { findContactPointAddress, storeVerificationCode } from '@switchboard/db';
import { newVerificationCode } from '@switchboard/registrations';
import { ApplicationFailure } from '@temporalio/activity';
import { adapterOf } from './channel-adapters';
import type { ActivityDeps } from './deps';
import { failureReason } from './send-once';

/** The one message an unverified contact point may receive: its code, on its own channel. */
export async function sendVerificationCode(
  deps: ActivityDeps,
  { contactPointId }: { contactPointId: string },
): Promise<{ expiresAt: string }> {
  const contact = await findContactPointAddress(deps.db, deps.keyring, contactPointId);
  if (!contact)
    throw ApplicationFailure.nonRetryable(
      `contact point ${contactPointId} does not exist`,
      'UnknownContactPoint',
    );
  // Stored (hashed) before it is sent: the code that arrives is always one we can check.
  const { code, hash, expiresAt } = newVerificationCode(contactPointId);
  await storeVerificationCode(deps.db, contactPointId, hash, expiresAt);
  try {
    await adapterOf(contact.channel).sendCode(deps, { contactPointId, ...contact }, code, expiresAt);
  } catch (error) {
    if (error instanceof ApplicationFailure) throw error;
    const reason = failureReason(error);
    deps.log.warn({ contactPointId, channel: contact.channel, reason }, 'verification code not sent');
    if (error instanceof NumberRejected)
      throw ApplicationFailure.nonRetryable(
        `verification code refused by the SMS provider: ${reason}`,
        'CodeNotSent',
      );
    throw ApplicationFailure.retryable(`verification code not sent: ${reason}`, 'CodeNotSent');
  }
  deps.log.info({ contactPointId }, 'verification code sent');
  return { expiresAt: expiresAt.toISOString() };
}
