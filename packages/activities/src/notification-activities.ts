import type { EmailChannel } from '@switchboard/channels';
import {
  claimDelivery,
  type Db,
  findActiveRegistrationIds,
  findContactPoint,
  findContactPointAddress,
  getCaseEventById,
  markDeliveryAttemptFailed,
  markDeliverySent,
  storeVerificationCode,
} from '@switchboard/db';
import type { Logger } from '@switchboard/log';
import { newVerificationCode } from '@switchboard/registrations';
import type { NotificationActivities } from '@switchboard/workflows/contract';
import { ApplicationFailure } from '@temporalio/activity';
import { composeNotice, NoNoticeWording, verificationNotice } from './notices/compose-notice';

export interface ActivityDeps {
  db: Db;
  email: EmailChannel;
  log: Logger;
}

/**
 * Thin and idempotent: each call reads what it needs by id, and returns ids only, because
 * arguments and results are written to Temporal history.
 */
export function createNotificationActivities({ db, email, log }: ActivityDeps): NotificationActivities {
  return {
    async findRegistrationsForSubject({ subjectRef, family }) {
      return findActiveRegistrationIds(db, subjectRef, family);
    },

    async sendVerificationCode({ contactPointId }) {
      const contact = await findContactPointAddress(db, contactPointId);
      if (!contact) {
        throw ApplicationFailure.nonRetryable(
          `contact point ${contactPointId} does not exist`,
          'UnknownContactPoint',
        );
      }
      // Stored (hashed) before it is sent: the code that arrives is always one we can check.
      const { code, hash, expiresAt } = newVerificationCode(contactPointId);
      await storeVerificationCode(db, contactPointId, hash, expiresAt);
      const notice = verificationNotice(code, contact.language, contact.displayName);
      try {
        await email.send({
          to: contact.address,
          subject: notice.subject,
          text: notice.text,
          language: notice.language,
          messageId: `<verify-${contactPointId}-${expiresAt.getTime()}@switchboard>`,
          headers: { 'X-Switchboard-Verification': contactPointId },
        });
      } catch (error) {
        const reason = smtpErrorCode(error);
        log.warn({ contactPointId, reason }, 'verification code not sent');
        throw ApplicationFailure.retryable(`verification code not sent: ${reason}`, 'EmailNotSent');
      }
      log.info({ contactPointId }, 'verification code sent');
      return { expiresAt: expiresAt.toISOString() };
    },

    async deliverEmailNotification({ caseEventId, registrationId }) {
      const contact = await findContactPoint(db, registrationId);
      if (!contact) {
        throw ApplicationFailure.nonRetryable(
          `registration ${registrationId} does not exist`,
          'UnknownRegistration',
        );
      }
      // Checked at send time, so a pause or an end takes effect at once, even for work in flight.
      if (contact.status !== 'active') return { status: 'skipped', reason: contact.status };
      const address = contact.address;
      if (!address) return { status: 'skipped', reason: 'unverified' };
      const delivery = await claimDelivery(db, { caseEventId, registrationId, channel: 'email' });
      if (delivery.status === 'sent') {
        log.info(
          { deliveryId: delivery.id, caseEventId, registrationId },
          'delivery already sent; nothing to do',
        );
        return { deliveryId: delivery.id, status: 'sent', alreadySent: true };
      }

      const event = await getCaseEventById(db, caseEventId);
      let notice: ReturnType<typeof composeNotice>;
      try {
        notice = composeNotice(
          {
            type: event.type,
            subjectRef: event.subject_ref,
            data: event.data,
            occurredAt: event.occurred_at,
          },
          contact.language,
          contact.displayName,
        );
      } catch (error) {
        // Retrying cannot help; a coordinator sees the failed notification in Temporal UI.
        if (error instanceof NoNoticeWording)
          throw ApplicationFailure.nonRetryable(error.message, 'NoNoticeWording');
        throw error;
      }
      const messageId = `<delivery-${delivery.id}@switchboard>`;
      try {
        await email.send({
          to: address,
          subject: notice.subject,
          text: notice.text,
          language: notice.language,
          messageId,
          headers: {
            'X-Switchboard-Delivery': delivery.id,
            'X-Switchboard-Event': `${event.agency_id}/${event.event_id}`,
          },
        });
      } catch (error) {
        // The full message stays in our database; SMTP errors can quote the recipient's address,
        // so what reaches logs and Temporal history is the error code alone.
        await markDeliveryAttemptFailed(db, delivery.id, (error as Error).message);
        const reason = smtpErrorCode(error);
        log.warn({ deliveryId: delivery.id, attempt: delivery.attempts, reason }, 'email attempt failed');
        throw ApplicationFailure.retryable(
          `email attempt ${delivery.attempts} failed: ${reason}`,
          'EmailNotSent',
        );
      }
      await markDeliverySent(db, delivery.id, messageId);
      log.info(
        { deliveryId: delivery.id, caseEventId, registrationId, attempt: delivery.attempts },
        'email delivered',
      );
      return { deliveryId: delivery.id, status: 'sent', alreadySent: false };
    },
  };
}

function smtpErrorCode(error: unknown): string {
  const e = error as { code?: string; responseCode?: number };
  return [e.code, e.responseCode].filter(Boolean).join(' ') || 'unknown error';
}
