import { randomBytes, randomInt } from 'node:crypto';
import { type BusNames, type NatsConnection, publishToAgencyFeed } from '@switchboard/bus';
import {
  type EmailChannel,
  NumberRejected,
  spokenMessage,
  type Telephony,
  TelephonyUnavailable,
  type WebhookChannel,
  WebhookFailed,
} from '@switchboard/channels';
import { forwardCaseEvent } from '@switchboard/consent';
import {
  acceptImpactStatement,
  type CaseEventRow,
  claimDelivery,
  type Db,
  disableContactPoint,
  findActiveRegistrationIds,
  findAdvocateOfRegistration,
  findAnotherContactOfRegistrant,
  findCaseEvent,
  findContactPoint,
  findContactPointAddress,
  findNotificationPreferences,
  findNotificationPreferencesOf,
  findRegistrationsTold,
  getCaseEventById,
  hearingChangesBefore,
  keepNoticeWords,
  markDeliveryAttemptFailed,
  markDeliverySent,
  type NotificationPreferences,
  recordConfirmation,
  recordContactPointFailure,
  recordContactPointSuccess,
  safetyHeldAmong,
  safetyHoldOn,
  saveConfirmationLink,
  saveInboxMessage,
  saveStatementLink,
  storeVerificationCode,
} from '@switchboard/db';
import type { Logger } from '@switchboard/log';
import { newVerificationCode, textFooter } from '@switchboard/registrations';
import type { DataKeyring } from '@switchboard/sealing';
import {
  type CaseEventActivities,
  type Channel,
  confirmationPinToken,
  hearingChangedSignal,
  hearingWorkflowId,
  type NotificationActivities,
  type NotificationPlan,
  notificationWorkflowId,
  paroleReviewChangedSignal,
  paroleReviewWorkflowId,
  reminderLabel,
  searchAttributes,
  stopNotificationSignal,
  type Urgency,
  voiceConfirmationToken,
  workflowTypes,
} from '@switchboard/workflows/contract';
import { ApplicationFailure } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { briefNotice } from './notices/brief-notices';
import { composeNotice, NoNoticeWording, type Notice, verificationNotice } from './notices/compose-notice';
import { correctionNotice } from './notices/correction-notices';
import { eventMessages, isNotifyingType } from './notices/event-messages';
import { hearingCalendar, hearingReminderNotice } from './notices/hearing-notices';
import {
  paroleDecisionNotice,
  paroleReviewNotice,
  paroleStatementReminderNotice,
} from './notices/parole-notices';
import { shapeText } from './notices/text-shaping';
import {
  advocateEscalationNotice,
  coordinatorEscalationNotice,
  withConfirmationRequest,
} from './notices/urgent-notices';
import { quietHoursEnd } from './quiet-hours';

export interface NotificationSettings {
  /** Where the API answers; confirmation links point here. */
  publicUrl: string;
  /** The coordinators' desk, told when urgent news goes unconfirmed. */
  coordinatorEmail?: string;
  /** Urgent news: the hub's default repetition schedule, which a registrant may reshape. */
  repeatEverySeconds: number;
  repeatForSeconds: number;
  /**
   * How long one send may take before Temporal gives it to another worker; also how long a
   * notification waits when the worker sending it dies.
   */
  deliveryTimeoutSeconds?: number;
  /** A webhook endpoint failing this many times in a row is disabled and its owner told; 5 unless configured. */
  webhookMaxFailures?: number;
  /** Registrations read (and notifications started) per page of a fan-out; 500 unless configured. */
  fanOutPageSize?: number;
  /** How long before a hearing reminders go out; a week and a day unless configured. */
  hearingRemindersSeconds?: number[];
  /** How long before a parole review's statement window closes the silent are reminded; 3 days unless configured. */
  statementReminderSeconds?: number;
  /** How often held notices look whether their safety hold was released or renewed; 30 s unless configured. */
  safetyHoldRecheckSeconds?: number;
}

type Recipient =
  /** `own`: the registrant's own address (not an advocate's or the desk's), disabled if it bounces. */
  | { kind: 'email'; address: string; own?: { contactPointId: string; registrationId: string } }
  | { kind: 'sms'; phone: string; contactPointId: string }
  /** A call; `confirm` when it asks for the registrant's PIN. */
  | { kind: 'voice'; phone: string; contactPointId: string; language: 'en' | 'es'; confirm?: boolean }
  | { kind: 'portal'; contactPointId: string }
  | { kind: 'webhook'; url: string; secret: string; contactPointId: string; registrationId: string };

export interface ActivityDeps {
  db: Db;
  /** Opens the sealed names and addresses a message needs, inside the activity only. */
  keyring: DataKeyring;
  email: EmailChannel;
  webhook: WebhookChannel;
  /** Texts and calls; absent when the hub has no telephony provider configured. */
  telephony?: Telephony;
  log: Logger;
  settings: NotificationSettings;
  /** For the one activity that starts or signals another workflow (a hearing's). */
  temporal: { client: Client; taskQueue: string };
  /** Agencies' feeds, where case events are forwarded under consent. */
  bus: { nc: NatsConnection; names: BusNames };
  /** Counts sends by channel and outcome, and the time to a notice's first attempt (metrics). */
  metrics?: { delivery(channel: string, outcome: string): void; firstAttempt(seconds: number): void };
}

/** A statement link outlives any statement window; the review's workflow decides what it accepts. */
const STATEMENT_LINK_LIFETIME_MS = 120 * 24 * 3600 * 1000;

/** A confirmation link stays usable for a week after it is sent, well past any repeat schedule. */
const LINK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/**
 * Thin and idempotent: each call reads what it needs by id, and returns ids only, because
 * arguments and results are written to Temporal history.
 */
export function createNotificationActivities({
  metrics,
  db,
  keyring,
  email,
  webhook,
  telephony,
  log,
  settings,
  temporal,
  bus,
}: ActivityDeps): NotificationActivities & CaseEventActivities {
  /**
   * Sends `compose()` once for this key: the delivery row is claimed before the SMTP call and
   * marked sent after it, so a retry after a crash or a failure never sends a sent message again.
   */
  async function sendOnce(
    key: { caseEventId: string; registrationId: string; channel: string; notice?: string; round: number },
    to: Recipient,
    compose: (deliveryId: string) => Promise<Notice> | Notice,
    headers: Record<string, string> = {},
    /** The news itself (not a reminder or an escalation): when the hub received its event. */
    receivedAt?: Date,
  ): Promise<{ deliveryId: string; alreadySent: boolean } | { disabled: true }> {
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
    const messageId = `<delivery-${delivery.id}@switchboard>`;
    // What the message is known by: our Message-ID, or the SMS provider's id that its receipts name.
    let sentAs = messageId;
    try {
      if (to.kind === 'email') {
        await email.send({
          to: to.address,
          subject: notice.subject,
          text: notice.text,
          language: notice.language,
          messageId,
          headers: { 'X-Switchboard-Delivery': delivery.id, ...headers },
          calendar: notice.calendar,
        });
      } else if (to.kind === 'sms') {
        const { providerId } = await phone().send({
          to: to.phone,
          body: shapeText(notice, textFooter(notice.language), settings.publicUrl),
          reference: delivery.id,
        });
        sentAs = providerId;
      } else if (to.kind === 'voice') {
        const { providerId } = await phone().placeCall({
          to: to.phone,
          twiml: spokenMessage({
            text: shortText(notice),
            language: to.language,
            gather: to.confirm
              ? {
                  actionUrl: `${settings.publicUrl}/providers/voice/gather?delivery=${delivery.id}`,
                  ...pinPrompt[to.language],
                }
              : undefined,
          }),
          reference: delivery.id,
        });
        sentAs = providerId;
      } else if (to.kind === 'portal') {
        await saveInboxMessage(db, keyring, {
          deliveryId: delivery.id,
          contactPointId: to.contactPointId,
          subject: notice.subject,
          body: notice.text,
        });
      } else {
        await webhook.send({
          url: to.url,
          secret: to.secret,
          id: delivery.id,
          payload: { type: 'notice', deliveryId: delivery.id, ...key, ...notice },
        });
        await recordContactPointSuccess(db, to.contactPointId);
      }
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
      if (to.kind === 'webhook' && (await webhookGaveUp(to, reason))) return { disabled: true };
      if ((to.kind === 'sms' || to.kind === 'voice') && error instanceof NumberRejected) {
        await phoneUnreachable(to.contactPointId, reason);
        return { disabled: true };
      }
      if (to.kind === 'email' && to.own && isMailboxRefused(error)) {
        await emailBounced(to.own, reason);
        return { disabled: true };
      }
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

  function phone(): Telephony {
    if (!telephony)
      throw ApplicationFailure.nonRetryable(
        'texts and calls are not configured on this hub (SMS_API_BASE)',
        'NoTelephonyProvider',
      );
    return telephony;
  }

  /** The provider refused a number for good: stop using it, and tell the registrant another way if we can. */
  async function phoneUnreachable(contactPointId: string, reason: string): Promise<void> {
    await disableContactPoint(db, contactPointId);
    const told = await tellAnotherWay(contactPointId, {
      subject: 'We could not reach your phone',
      lines: [
        'Our texts or calls to the phone number you gave us cannot get through, so we have stopped using it.',
        'You will keep getting notices here. To use a phone again, register the number again.',
      ],
    });
    log.warn({ contactPointId, reason, toldOn: told }, 'phone number unreachable; contact point disabled');
  }

  /**
   * Tells the registrant, on another of their verified channels (email, else text), that one of
   * their contact points failed for good. Returns the channel used, if there was one.
   */
  async function tellAnotherWay(
    failedContactPointId: string,
    message: { subject: string; lines: string[] },
  ): Promise<string | undefined> {
    const other = await findAnotherContactOfRegistrant(db, keyring, failedContactPointId);
    if (!other) return undefined;
    const text = [`Hello ${other.displayName},`, '', ...message.lines].join('\n');
    const reference = `contact-failed-${failedContactPointId}`;
    if (other.channel === 'email') {
      await email.send({
        to: other.address,
        subject: message.subject,
        text,
        language: 'en',
        messageId: `<${reference}@switchboard>`,
        headers: { 'X-Switchboard-Contact-Point': failedContactPointId },
      });
    } else {
      await phone().send({ to: other.address, body: `${message.subject}. ${message.lines.join(' ')}` });
    }
    return other.channel;
  }

  /**
   * The receiving server refused the address for good (unknown mailbox or domain): stop using it,
   * tell the registrant on another channel they chose, if any, and tell their advocate and the
   * coordinators' desk, so a person can reach the registrant another way. Identifiers only to the desk; the advocate supports this person.
   */
  async function emailBounced(
    to: { contactPointId: string; registrationId: string },
    reason: string,
  ): Promise<void> {
    await disableContactPoint(db, to.contactPointId);
    const toldRegistrant = await tellAnotherWay(to.contactPointId, {
      subject: 'We could not reach your email',
      lines: [
        'Email to the address you gave us cannot be delivered, so we have stopped using it.',
        'You will keep getting notices here. To use email again, register the address again.',
      ],
    });
    const advocate = await findAdvocateOfRegistration(db, keyring, to.registrationId);
    const told: string[] = toldRegistrant ? [`registrant by ${toldRegistrant}`] : [];
    if (advocate) {
      await email.send({
        to: advocate.email,
        subject: 'We could not reach someone you support',
        text: [
          `Hello ${advocate.displayName},`,
          '',
          `Email to the address given for registration ${to.registrationId} cannot be delivered (${reason}), so we have stopped using it.`,
          toldRegistrant
            ? 'They still get notices another way they chose, and have been told.'
            : 'The person will not get notices until they register a working way to reach them. Please help them do so if they wish.',
        ].join('\n'),
        language: 'en',
        messageId: `<email-bounced-${to.contactPointId}@switchboard>`,
        headers: { 'X-Switchboard-Contact-Point': to.contactPointId },
      });
      told.push('advocate');
    }
    if (settings.coordinatorEmail) {
      await email.send({
        to: settings.coordinatorEmail,
        subject: `Bounced: registration ${to.registrationId}`,
        text: `Email for registration ${to.registrationId} (contact point ${to.contactPointId}) was refused for good (${reason}); the address is no longer used.`,
        language: 'en',
        messageId: `<email-bounced-desk-${to.contactPointId}@switchboard>`,
        headers: { 'X-Switchboard-Contact-Point': to.contactPointId },
      });
      told.push('coordinators');
    }
    log.warn(
      { contactPointId: to.contactPointId, reason, told },
      'email address refused; contact point disabled',
    );
  }

  /**
   * One more failure of a webhook endpoint; past the limit it is disabled (nothing more is sent
   * to it, so a dead endpoint does not hold up everyone else) and its owner, the advocate, is told.
   */
  async function webhookGaveUp(
    to: Extract<Recipient, { kind: 'webhook' }>,
    reason: string,
  ): Promise<boolean> {
    const failures = await recordContactPointFailure(db, to.contactPointId);
    if (failures < (settings.webhookMaxFailures ?? 5)) return false;
    await disableContactPoint(db, to.contactPointId);
    const owner = await findAdvocateOfRegistration(db, keyring, to.registrationId);
    if (owner) {
      await email.send({
        to: owner.email,
        subject: 'Switchboard stopped sending to your webhook',
        text: [
          `Hello ${owner.displayName},`,
          '',
          `Your endpoint ${to.url} failed ${failures} times in a row (last: ${reason}), so Switchboard has stopped sending to it.`,
          `Notices for registration ${to.registrationId} are not being delivered. Register the endpoint again once it works.`,
        ].join('\n'),
        language: 'en',
        messageId: `<webhook-disabled-${to.contactPointId}-${failures}@switchboard>`,
        headers: { 'X-Switchboard-Contact-Point': to.contactPointId },
      });
    }
    log.warn(
      { contactPointId: to.contactPointId, failures, ownerTold: Boolean(owner) },
      'webhook endpoint disabled',
    );
    return true;
  }

  /** One notice to one registrant about an event the caller has already read. */
  async function deliverNoticeOf(
    {
      caseEventId,
      registrationId,
      channel,
      round,
      confirmWorkflowId,
      reminderBeforeMs,
    }: Parameters<NotificationActivities['deliverNotice']>[0],
    event: CaseEventRow,
  ): ReturnType<NotificationActivities['deliverNotice']> {
    const contact = await findContactPoint(db, keyring, registrationId, channel);
    if (!contact) {
      throw ApplicationFailure.nonRetryable(
        `registration ${registrationId} does not exist`,
        'UnknownRegistration',
      );
    }
    // Checked at send time, so a pause or an end takes effect at once, even for work in flight.
    if (contact.status !== 'active') return { status: 'skipped', reason: contact.status };
    if (event.retracted_by) return { status: 'skipped', reason: 'retracted' };
    const address = contact.address;
    if (!address) return { status: 'skipped', reason: 'unverified' };

    const facts = {
      agencyId: event.agency_id,
      type: event.type,
      subjectRef: event.subject_ref,
      data: event.data,
      occurredAt: event.occurred_at,
    };
    const notice = reminderBeforeMs === undefined ? 'event' : `reminder-${reminderLabel(reminderBeforeMs)}`;
    // Hearings carry a calendar invite; only they pay for counting the hearing's earlier changes.
    const invite = async () =>
      facts.type.startsWith('court.hearing_')
        ? hearingCalendar(facts, await hearingChangesBefore(db, caseEventId))
        : undefined;
    const compose = async (deliveryId: string): Promise<Notice> => {
      if (event.type === 'parole.review_scheduled') {
        // The notice and its one reminder carry a fresh link for writing a statement.
        const token = randomBytes(24).toString('base64url');
        const reviewWorkflowId = paroleReviewWorkflowId(event.agency_id, String(event.data.reviewId));
        await saveStatementLink(db, {
          token,
          registrationId,
          reviewWorkflowId,
          expiresAt: new Date(Date.now() + STATEMENT_LINK_LIFETIME_MS),
        });
        const url = `${settings.publicUrl}/statement/${token}`;
        const write = reminderBeforeMs === undefined ? paroleReviewNotice : paroleStatementReminderNotice;
        return write(facts, contact.language, contact.displayName, contact.timeZone, url);
      }
      if (event.type === 'parole.decision')
        return paroleDecisionNotice(facts, contact.language, contact.displayName);
      if (event.type === 'feed.retraction') {
        const withdrawn = await findCaseEvent(db, event.agency_id, String(event.data.retracts));
        return correctionNotice(
          {
            subjectRef: event.subject_ref,
            withdrawnType: withdrawn?.type,
            withdrawnAt: withdrawn?.occurred_at,
          },
          contact.language,
          contact.displayName,
        );
      }
      if (reminderBeforeMs !== undefined) {
        const reminder = hearingReminderNotice(
          facts,
          contact.language,
          contact.displayName,
          contact.timeZone,
          reminderBeforeMs,
        );
        return { ...reminder, calendar: await invite() };
      }
      let composed: Notice;
      try {
        composed = {
          ...composeNotice(
            facts,
            contact.language,
            contact.displayName,
            contact.timeZone,
            `${settings.publicUrl}/#/help`,
          ),
          calendar: await invite(),
        };
      } catch (error) {
        // Retrying cannot help; a coordinator sees the failed notification in Temporal UI.
        if (error instanceof NoNoticeWording)
          throw ApplicationFailure.nonRetryable(error.message, 'NoNoticeWording');
        throw error;
      }
      if (!confirmWorkflowId) return composed;
      const link = {
        caseEventId,
        registrationId,
        workflowId: confirmWorkflowId,
        expiresAt: new Date(Date.now() + LINK_LIFETIME_MS),
      };
      if (channel === 'voice') {
        // The answerer keys in the registrant's own PIN; the call's delivery finds this workflow.
        await saveConfirmationLink(db, { token: voiceConfirmationToken(deliveryId), ...link });
        return composed;
      }
      // A fresh token per message; only its hash is kept, and it never enters Temporal.
      const token = randomBytes(24).toString('base64url');
      await saveConfirmationLink(db, { token, ...link });
      const urgent = withConfirmationRequest(composed, `${settings.publicUrl}/confirm/${token}`, round);
      if (contact.channel !== 'sms' || !contact.contactPointId) return urgent;
      // By SMS the registrant may also just reply with a PIN, scoped to their number.
      const pin = String(randomInt(100_000, 1_000_000));
      await saveConfirmationLink(db, { token: confirmationPinToken(contact.contactPointId, pin), ...link });
      return {
        ...urgent,
        text: `${urgent.text}\n${contact.language === 'es' ? `O responda ${pin} para confirmar.` : `Or reply ${pin} to confirm.`}`,
      };
    };
    const recipient: Recipient =
      contact.channel === 'webhook'
        ? {
            kind: 'webhook',
            url: address,
            secret: contact.secret ?? '',
            contactPointId: contact.contactPointId!,
            registrationId,
          }
        : contact.channel === 'sms'
          ? { kind: 'sms', phone: address, contactPointId: contact.contactPointId! }
          : contact.channel === 'voice'
            ? {
                kind: 'voice',
                phone: address,
                contactPointId: contact.contactPointId!,
                language: contact.language === 'es' ? 'es' : 'en',
                confirm: Boolean(confirmWorkflowId),
              }
            : contact.channel === 'portal'
              ? { kind: 'portal', contactPointId: contact.contactPointId! }
              : {
                  kind: 'email',
                  address,
                  own: contact.contactPointId
                    ? { contactPointId: contact.contactPointId, registrationId }
                    : undefined,
                };
    // Brief detail: the message only points to the portal; the portal keeps and shows the notice.
    const brief = contact.detail === 'brief' && ['email', 'sms', 'voice'].includes(channel);
    const composeAsChosen = brief
      ? async (deliveryId: string) =>
          briefNotice(await compose(deliveryId), Boolean(confirmWorkflowId), settings.publicUrl)
      : compose;
    const sent = await sendOnce(
      { caseEventId, registrationId, channel, notice, round },
      recipient,
      composeAsChosen,
      {
        'X-Switchboard-Event': `${event.agency_id}/${event.event_id}`,
        'X-Switchboard-Notice': notice,
      },
      notice === 'event' ? event.received_at : undefined,
    );
    if ('disabled' in sent) return { status: 'skipped', reason: 'disabled' };
    return { deliveryId: sent.deliveryId, status: 'sent', alreadySent: sent.alreadySent };
  }

  /** Channels, quiet hours and the confirmation schedule, from the registrant's preferences. */
  function planFor(
    registrationId: string,
    preferences: NotificationPreferences | undefined,
    urgency: Urgency,
  ): NotificationPlan {
    if (!preferences) {
      throw ApplicationFailure.nonRetryable(
        `registration ${registrationId} does not exist`,
        'UnknownRegistration',
      );
    }
    if (preferences.status !== 'active') return { skip: preferences.status };
    const reachable = preferences.reachable.map(channelOf);
    if (reachable.length === 0) return { skip: 'unverified' };
    const sending = {
      // Urgent news goes every way the registrant chose at once; the rest, the way they prefer.
      channels: urgency === 'urgent' ? reachable : reachable.slice(0, 1),
      deliveryTimeoutMs: (settings.deliveryTimeoutSeconds ?? 30) * 1000,
    };
    if (urgency === 'urgent') {
      return {
        ...sending,
        confirmation: {
          repeatEveryMs: (preferences.repeatEveryMinutes ?? settings.repeatEverySeconds / 60) * 60_000,
          repeatForMs: (preferences.repeatForHours ?? settings.repeatForSeconds / 3600) * 3_600_000,
        },
      };
    }
    const holdUntil = quietHoursEnd(new Date(), preferences.timeZone, preferences.quietHours);
    return { ...sending, ...(holdUntil && { holdUntil: holdUntil.toISOString() }) };
  }

  const activities: Omit<NotificationActivities, 'fanOutPage'> = {
    async findRegistrationsForSubject({ agencyId, subjectRef, family, after }) {
      const limit = settings.fanOutPageSize ?? 500;
      // The person may be known to other agencies by other references, linked to this one.
      const registrationIds = await findActiveRegistrationIds(db, { agencyId, subjectRef }, family, {
        after,
        limit,
      });
      return { registrationIds, next: registrationIds.length === limit ? registrationIds.at(-1) : undefined };
    },

    async findRegistrationsTold({ caseEventId, after }) {
      const limit = settings.fanOutPageSize ?? 500;
      const registrationIds = await findRegistrationsTold(db, caseEventId, { after, limit });
      return { registrationIds, next: registrationIds.length === limit ? registrationIds.at(-1) : undefined };
    },

    async stopNotificationsAbout({ caseEventId, agencyId }) {
      const event = await getCaseEventById(db, caseEventId);
      const registrationIds = await findActiveRegistrationIds(db, {
        agencyId,
        subjectRef: event.subject_ref,
      });
      // Signalled straight away, a few at a time: one that already ended (or never began) answers
      // "not found", which is all we need to know.
      let stopped = 0;
      for (let i = 0; i < registrationIds.length; i += 16) {
        await Promise.all(
          registrationIds.slice(i, i + 16).map(async (registrationId) => {
            try {
              await temporal.client.workflow
                .getHandle(notificationWorkflowId({ agencyId, caseEventId, registrationId }))
                .signal(stopNotificationSignal);
              stopped++;
            } catch (error) {
              if (!(error instanceof WorkflowNotFoundError)) throw error;
            }
          }),
        );
      }
      return { stopped };
    },

    async planNotification({ registrationId, urgency }) {
      return planFor(registrationId, await findNotificationPreferences(db, registrationId), urgency);
    },

    async safetyHoldOf({ caseEventId, registrationId }) {
      const hold = await safetyHoldOn(db, caseEventId, registrationId);
      if (!hold) return undefined;
      // A release or a renewal is seen at the next look; the lapse at the end exactly.
      const lookAgain = Math.min(
        hold.until.getTime(),
        Date.now() + (settings.safetyHoldRecheckSeconds ?? 30) * 1000,
      );
      return { until: hold.until.toISOString(), lookAgainAt: new Date(lookAgain).toISOString() };
    },

    async sendVerificationCode({ contactPointId }) {
      const contact = await findContactPointAddress(db, keyring, contactPointId);
      if (!contact) {
        throw ApplicationFailure.nonRetryable(
          `contact point ${contactPointId} does not exist`,
          'UnknownContactPoint',
        );
      }
      // Stored (hashed) before it is sent: the code that arrives is always one we can check.
      const { code, hash, expiresAt } = newVerificationCode(contactPointId);
      await storeVerificationCode(db, contactPointId, hash, expiresAt);
      try {
        if (contact.channel === 'webhook') {
          // The advocate's system shows the code to the advocate, who confirms the endpoint with it.
          await webhook.send({
            url: contact.address,
            secret: contact.secret ?? '',
            id: `verify-${contactPointId}-${expiresAt.getTime()}`,
            payload: {
              type: 'contact.verification',
              contactPointId,
              code,
              expiresAt: expiresAt.toISOString(),
            },
          });
        } else if (contact.channel === 'sms') {
          await phone().send({
            to: contact.address,
            body:
              contact.language === 'es'
                ? `Su código de Switchboard es ${code}. Vence en 15 minutos.`
                : `Your Switchboard code is ${code}. It expires in 15 minutes.`,
          });
        } else if (contact.channel === 'voice') {
          const digits = code.split('').join(', ');
          const language = contact.language === 'es' ? 'es' : 'en';
          await phone().placeCall({
            to: contact.address,
            twiml: spokenMessage({
              text:
                language === 'es'
                  ? `Este es Switchboard. Su código es ${digits}.`
                  : `This is Switchboard. Your code is ${digits}.`,
              language,
            }),
          });
        } else {
          const notice = verificationNotice(code, contact.language, contact.displayName);
          await email.send({
            to: contact.address,
            subject: notice.subject,
            text: notice.text,
            language: notice.language,
            messageId: `<verify-${contactPointId}-${expiresAt.getTime()}@switchboard>`,
            headers: { 'X-Switchboard-Verification': contactPointId },
          });
        }
      } catch (error) {
        const reason = failureReason(error);
        log.warn({ contactPointId, channel: contact.channel, reason }, 'verification code not sent');
        if (error instanceof NumberRejected) {
          throw ApplicationFailure.nonRetryable(
            `verification code refused by the SMS provider: ${reason}`,
            'CodeNotSent',
          );
        }
        throw ApplicationFailure.retryable(`verification code not sent: ${reason}`, 'CodeNotSent');
      }
      log.info({ contactPointId }, 'verification code sent');
      return { expiresAt: expiresAt.toISOString() };
    },

    async deliverNotice(input) {
      return deliverNoticeOf(input, await getCaseEventById(db, input.caseEventId));
    },

    async escalateUnconfirmed({ caseEventId, registrationId, rounds }) {
      const event = await getCaseEventById(db, caseEventId);
      const key = { caseEventId, registrationId, round: 0 };
      const advocate = await findAdvocateOfRegistration(db, keyring, registrationId);
      if (advocate) {
        const registrant = await findContactPoint(db, keyring, registrationId, 'email');
        await sendOnce(
          { ...key, channel: 'advocate-email' },
          { kind: 'email', address: advocate.email },
          () =>
            advocateEscalationNotice({
              advocateName: advocate.displayName,
              registrantName: registrant?.displayName ?? 'A registrant',
              eventTitle: isNotifyingType(event.type) ? eventMessages.en[event.type].title : event.type,
              subjectRef: event.subject_ref,
              rounds,
            }),
        );
      }
      if (settings.coordinatorEmail) {
        await sendOnce(
          { ...key, channel: 'coordinator-email' },
          { kind: 'email', address: settings.coordinatorEmail },
          () =>
            coordinatorEscalationNotice({
              eventType: event.type,
              subjectRef: event.subject_ref,
              registrationId,
              workflowId: notificationWorkflowId({ agencyId: event.agency_id, caseEventId, registrationId }),
              rounds,
            }),
        );
      }
      log.warn(
        { caseEventId, registrationId, rounds, advocate: Boolean(advocate) },
        'urgent notice escalated',
      );
      return { advocate: Boolean(advocate), coordinators: Boolean(settings.coordinatorEmail) };
    },

    async recordConfirmation(confirmation) {
      await recordConfirmation(db, confirmation);
    },

    async followHearing({ change, ...hearing }) {
      try {
        await temporal.client.workflow.signalWithStart(workflowTypes.hearing, {
          taskQueue: temporal.taskQueue,
          // A hearing that ended (outcome, cancellation) is not revived by a late, older event.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowId: hearingWorkflowId(hearing.agencyId, hearing.hearingId),
          args: [hearing],
          signal: hearingChangedSignal,
          signalArgs: [change],
          staticSummary: `hearing ${hearing.hearingId} about subject ${hearing.subjectRef} from ${hearing.agencyId}: reminders before it, followed to its outcome`,
          typedSearchAttributes: [
            { key: searchAttributes.subjectRef, value: hearing.subjectRef },
            { key: searchAttributes.agencyId, value: hearing.agencyId },
            { key: searchAttributes.eventType, value: 'court.hearing' },
          ],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        log.info(
          { hearingId: hearing.hearingId, eventType: change.eventType },
          'hearing already over; change ignored',
        );
      }
    },

    async hearingReminderOffsets() {
      return (settings.hearingRemindersSeconds ?? [7 * 86_400, 86_400]).map((seconds) => seconds * 1000);
    },

    async followParoleReview({ change, ...review }) {
      try {
        await temporal.client.workflow.signalWithStart(workflowTypes.paroleReview, {
          taskQueue: temporal.taskQueue,
          // A decided review is not revived by a late, older event.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowId: paroleReviewWorkflowId(review.agencyId, review.reviewId),
          args: [review],
          signal: paroleReviewChangedSignal,
          signalArgs: [change],
          staticSummary: `parole review ${review.reviewId} about subject ${review.subjectRef} from ${review.agencyId}: victims' statements until its deadline, then the decision`,
          typedSearchAttributes: [
            { key: searchAttributes.subjectRef, value: review.subjectRef },
            { key: searchAttributes.agencyId, value: review.agencyId },
            { key: searchAttributes.eventType, value: 'parole.review' },
          ],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        log.info({ reviewId: review.reviewId, eventType: change.eventType }, 'parole review already over');
      }
    },

    async statementReminderOffset() {
      return (settings.statementReminderSeconds ?? 3 * 86_400) * 1000;
    },

    async acceptImpactStatement({ statementId, reviewWorkflowId }) {
      await acceptImpactStatement(db, statementId, reviewWorkflowId);
    },
  };

  /**
   * Ordinary news to a page of registrants, each idempotent as `deliverNotice`; those in their
   * quiet hours are returned, to be held by a notification workflow of their own.
   */
  async function deliverPage(event: CaseEventRow, registrationIds: string[]) {
    const outcome = { sent: 0, alreadySent: 0, skipped: 0, held: [] as string[] };
    const [preferences, safetyHeld] = await Promise.all([
      findNotificationPreferencesOf(db, registrationIds), // once for the page
      safetyHeldAmong(db, event.id, registrationIds),
    ]);
    // A few at a time: the SMTP pool has four connections, and the database a pool of its own.
    for (let i = 0; i < registrationIds.length; i += 8) {
      await Promise.all(
        registrationIds.slice(i, i + 8).map(async (registrationId) => {
          const plan = planFor(registrationId, preferences.get(registrationId), 'normal');
          if ('skip' in plan) {
            outcome.skipped++;
          } else if (plan.holdUntil || safetyHeld.has(registrationId)) {
            // Its own workflow waits out the quiet hours or the safety hold.
            outcome.held.push(registrationId);
          } else {
            const sent = await deliverNoticeOf(
              { caseEventId: event.id, registrationId, channel: plan.channels[0]!, round: 1 },
              event,
            );
            if (sent.status === 'skipped') outcome.skipped++;
            else if (sent.alreadySent) outcome.alreadySent++;
            else outcome.sent++;
          }
        }),
      );
    }
    return outcome;
  }

  return {
    ...activities,

    async fanOutPage(input) {
      // The event is read once for the page, for the forward and for every notice.
      const event = await getCaseEventById(db, input.caseEventId);
      const [page] = await Promise.all([
        input.correctionOf
          ? activities.findRegistrationsTold({ caseEventId: input.correctionOf, after: input.after })
          : activities.findRegistrationsForSubject({
              agencyId: input.agencyId,
              subjectRef: input.subjectRef,
              family: input.family,
              after: input.after,
            }),
        input.forward ? forward(event) : undefined,
      ]);
      const addressed = page.registrationIds.length;
      if (input.urgency === 'urgent' || addressed === 0) {
        return { addressed, sent: 0, alreadySent: 0, skipped: 0, own: page.registrationIds, next: page.next };
      }
      const { held, ...outcome } = await deliverPage(event, page.registrationIds);
      return { addressed, ...outcome, own: held, next: page.next };
    },
  };

  /** To every agency a consent in force on the case names; each decision recorded and audited once. */
  async function forward(event: CaseEventRow) {
    const outcome = await forwardCaseEvent(
      { db, publish: (agencyId, forwarded) => publishToAgencyFeed(bus.nc, bus.names, agencyId, forwarded) },
      event,
    );
    if (outcome.forwarded || outcome.refused)
      log.info({ caseEventId: event.id, ...outcome }, 'case event forwarded');
  }
}

const channelOf = (channel: string): Channel =>
  channel === 'webhook' || channel === 'sms' || channel === 'voice' || channel === 'portal'
    ? channel
    : 'email';

/** What a call asks of the one who answers urgent news. */
const pinPrompt = {
  en: {
    prompt: 'To tell us you heard this, enter your Switchboard PIN, then press the pound key.',
    noInput:
      'We did not get your PIN, so we will call again. You can also confirm with the link in your other messages.',
  },
  es: {
    prompt:
      'Para decirnos que escuchó este mensaje, marque su PIN de Switchboard y luego la tecla de numeral.',
    noInput:
      'No recibimos su PIN, así que volveremos a llamar. También puede confirmar con el enlace de sus otros mensajes.',
  },
} as const;

/** A notice said short: its subject, then its lines without the greeting or blank lines. */
function shortText(notice: Notice): string {
  const lines = notice.text.split('\n').filter((line) => line.trim() !== '');
  return [notice.subject, ...lines.slice(1)].join('\n');
}

/** Why a send failed, in words that name nobody (SMTP errors can quote the address). */
function failureReason(error: unknown): string {
  if (error instanceof WebhookFailed || error instanceof TelephonyUnavailable) return error.reason;
  if (error instanceof NumberRejected) return `provider code ${error.code}`;
  return smtpErrorCode(error);
}

/** A 5xx answer to RCPT TO: the address itself is refused, and retrying cannot help. */
function isMailboxRefused(error: unknown): boolean {
  const e = error as { responseCode?: number; command?: string };
  return (e.responseCode ?? 0) >= 550 && (e.responseCode ?? 0) <= 553 && /RCPT/i.test(e.command ?? '');
}

function smtpErrorCode(error: unknown): string {
  const e = error as { code?: string; responseCode?: number };
  return [e.code, e.responseCode].filter(Boolean).join(' ') || 'unknown error';
}
