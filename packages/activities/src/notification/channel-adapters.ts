import { NumberRejected, spokenMessage } from '@switchboard/channels';
import { type findContactPoint, recordContactPointSuccess, saveInboxMessage } from '@switchboard/db';
import { textFooter } from '@switchboard/registrations';
import { ApplicationFailure } from '@temporalio/activity';
import { type Notice, verificationNotice } from '../notices/compose-notice';
import { noticeLanguageOf, say } from '../notices/messages';
import { speakable } from '../notices/speakable';
import { shapeText } from '../notices/text-shaping';
import { emailBounced, phoneUnreachable, webhookGaveUp } from './contact-failures';
import { type ActivityDeps, phoneOf, type Recipient } from './deps';

/** A registration's verified contact point on one channel, as a notice is addressed from it. */
export type NoticeContact = NonNullable<Awaited<ReturnType<typeof findContactPoint>>> & { address: string };

/** What one delivery is: the news, to whom, on which channel, which notice of it, which round. */
export interface DeliveryKey {
  caseEventId: string;
  registrationId: string;
  channel: string;
  notice?: string;
  round: number;
}

/** A contact point waiting for its verification code. */
export interface VerificationContact {
  contactPointId: string;
  address: string;
  secret: string | null;
  language: string;
  displayName: string;
}

/**
 * Everything that differs from one channel to the next, behind one interface: a new channel is one
 * adapter here (and its tests); the send-once path, the notices and the workflows do not change.
 */
export interface ChannelAdapter<K extends Recipient['kind']> {
  /** Who a notice on this channel goes to; `confirm` when it asks urgent news to be confirmed. */
  recipient(
    contact: NoticeContact,
    registrationId: string,
    confirm: boolean,
  ): Extract<Recipient, { kind: K }>;
  /** Sends one notice; returns what the message is known by (our Message-ID, or the provider's id its receipts name). */
  send(
    deps: ActivityDeps,
    to: Extract<Recipient, { kind: K }>,
    notice: Notice,
    delivery: { id: string; messageId: string; headers: Record<string, string>; key: DeliveryKey },
  ): Promise<string>;
  /** The code that proves a new contact point reaches the registrant. */
  sendCode(deps: ActivityDeps, contact: VerificationContact, code: string, expiresAt: Date): Promise<void>;
  /**
   * After a failed send: true when the failure is for good (the address refused, the endpoint dead),
   * the contact point is now out of use and its owner has been told.
   */
  gaveUp(
    deps: ActivityDeps,
    to: Extract<Recipient, { kind: K }>,
    error: unknown,
    reason: string,
  ): Promise<boolean>;
}

/** A notice said short: its subject, then its lines without the greeting or blank lines. */
export function shortText(notice: Notice): string {
  const lines = notice.text.split('\n').filter((line) => line.trim() !== '');
  return [notice.subject, ...lines.slice(1)].join('\n');
}

const email: ChannelAdapter<'email'> = {
  recipient: (contact, registrationId) => ({
    kind: 'email',
    address: contact.address,
    own: contact.contactPointId ? { contactPointId: contact.contactPointId, registrationId } : undefined,
  }),
  async send(deps, to, notice, delivery) {
    await deps.email.send({
      to: to.address,
      subject: notice.subject,
      text: notice.text,
      language: notice.language,
      messageId: delivery.messageId,
      headers: { 'X-Switchboard-Delivery': delivery.id, ...delivery.headers },
      calendar: notice.calendar,
    });
    return delivery.messageId;
  },
  async sendCode(deps, contact, code, expiresAt) {
    const notice = verificationNotice(code, contact.language, contact.displayName);
    await deps.email.send({
      to: contact.address,
      subject: notice.subject,
      text: notice.text,
      language: notice.language,
      messageId: `<verify-${contact.contactPointId}-${expiresAt.getTime()}@switchboard>`,
      headers: { 'X-Switchboard-Verification': contact.contactPointId },
    });
  },
  async gaveUp(deps, to, error, reason) {
    // A 5xx answer to RCPT TO: the address itself is refused, and retrying cannot help.
    const e = error as { responseCode?: number; command?: string };
    const refused =
      (e.responseCode ?? 0) >= 550 && (e.responseCode ?? 0) <= 553 && /RCPT/i.test(e.command ?? '');
    if (!to.own || !refused) return false;
    await emailBounced(deps, to.own, reason);
    return true;
  },
};

const phoneGaveUp = async (
  deps: ActivityDeps,
  to: { contactPointId: string },
  error: unknown,
  reason: string,
): Promise<boolean> => {
  if (!(error instanceof NumberRejected)) return false;
  await phoneUnreachable(deps, to.contactPointId, reason);
  return true;
};

const sms: ChannelAdapter<'sms'> = {
  recipient: (contact) => ({ kind: 'sms', phone: contact.address, contactPointId: contact.contactPointId! }),
  async send(deps, to, notice, delivery) {
    const { providerId } = await phoneOf(deps).send({
      to: to.phone,
      body: shapeText(notice, textFooter(notice.language), deps.settings.publicUrl),
      reference: delivery.id,
    });
    return providerId;
  },
  async sendCode(deps, contact, code) {
    await phoneOf(deps).send({
      to: contact.address,
      body: say(noticeLanguageOf(contact.language), 'code.text', { code }),
    });
  },
  gaveUp: phoneGaveUp,
};

const voice: ChannelAdapter<'voice'> = {
  recipient: (contact, _registrationId, confirm) => ({
    kind: 'voice',
    phone: contact.address,
    contactPointId: contact.contactPointId!,
    language: noticeLanguageOf(contact.language),
    confirm,
  }),
  async send(deps, to, notice, delivery) {
    const { providerId } = await phoneOf(deps).placeCall({
      to: to.phone,
      twiml: spokenMessage({
        text: speakable(shortText(notice), to.language),
        language: to.language,
        gather: to.confirm
          ? {
              actionUrl: `${deps.settings.publicUrl}/providers/voice/gather?delivery=${delivery.id}`,
              prompt: say(to.language, 'urgent.call.prompt'),
              noInput: say(to.language, 'urgent.call.noInput'),
            }
          : undefined,
      }),
      reference: delivery.id,
    });
    return providerId;
  },
  async sendCode(deps, contact, code) {
    const language = noticeLanguageOf(contact.language);
    // Said digit by digit, so "4 8 2" is not heard as "four hundred eighty-two".
    const digits = code.split('').join(', ');
    await phoneOf(deps).placeCall({
      to: contact.address,
      twiml: spokenMessage({ text: say(language, 'code.call', { digits }), language }),
    });
  },
  gaveUp: phoneGaveUp,
};

const portal: ChannelAdapter<'portal'> = {
  recipient: (contact) => ({ kind: 'portal', contactPointId: contact.contactPointId! }),
  async send(deps, to, notice, delivery) {
    await saveInboxMessage(deps.db, deps.keyring, {
      deliveryId: delivery.id,
      contactPointId: to.contactPointId,
      subject: notice.subject,
      body: notice.text,
    });
    return delivery.messageId;
  },
  async sendCode() {
    throw ApplicationFailure.nonRetryable(
      'a portal inbox is opened by its key, not verified by a code',
      'NoCode',
    );
  },
  gaveUp: async () => false,
};

const webhook: ChannelAdapter<'webhook'> = {
  recipient: (contact, registrationId) => ({
    kind: 'webhook',
    url: contact.address,
    secret: contact.secret ?? '',
    contactPointId: contact.contactPointId!,
    registrationId,
  }),
  async send(deps, to, notice, delivery) {
    await deps.webhook.send({
      url: to.url,
      secret: to.secret,
      id: delivery.id,
      payload: { type: 'notice', deliveryId: delivery.id, ...delivery.key, ...notice },
    });
    await recordContactPointSuccess(deps.db, to.contactPointId);
    return delivery.messageId;
  },
  async sendCode(deps, contact, code, expiresAt) {
    // The advocate's system shows the code to the advocate, who confirms the endpoint with it.
    await deps.webhook.send({
      url: contact.address,
      secret: contact.secret ?? '',
      id: `verify-${contact.contactPointId}-${expiresAt.getTime()}`,
      payload: {
        type: 'contact.verification',
        contactPointId: contact.contactPointId,
        code,
        expiresAt: expiresAt.toISOString(),
      },
    });
  },
  gaveUp: (deps, to, _error, reason) => webhookGaveUp(deps, to, reason),
};

export const channelAdapters: { [K in Recipient['kind']]: ChannelAdapter<K> } = {
  email,
  sms,
  voice,
  portal,
  webhook,
};

/** The adapter for a contact point's channel (anything unknown is email, the channel every hub has). */
export function adapterOf(channel: string): ChannelAdapter<Recipient['kind']> {
  const adapters = channelAdapters as unknown as Record<string, ChannelAdapter<Recipient['kind']>>;
  return adapters[channel] ?? adapters.email!;
}
