import {
  disableContactPoint,
  findAdvocateOfRegistration,
  findAnotherContactOfRegistrant,
  recordContactPointFailure,
} from '@switchboard/db';
import { type ActivityDeps, phoneOf, type Recipient } from './deps';

/**
 * Tells the registrant, on another of their verified channels (email, else text), that one of
 * their contact points failed for good. Returns the channel used, if there was one.
 */
export async function tellAnotherWay(
  deps: ActivityDeps,
  failedContactPointId: string,
  message: { subject: string; lines: string[] },
): Promise<string | undefined> {
  const other = await findAnotherContactOfRegistrant(deps.db, deps.keyring, failedContactPointId);
  if (!other) return undefined;
  const text = [`Hello ${other.displayName},`, '', ...message.lines].join('\n');
  const reference = `contact-failed-${failedContactPointId}`;
  if (other.channel === 'email') {
    await deps.email.send({
      to: other.address,
      subject: message.subject,
      text,
      language: 'en',
      messageId: `<${reference}@switchboard>`,
      headers: { 'X-Switchboard-Contact-Point': failedContactPointId },
    });
  } else {
    await phoneOf(deps).send({ to: other.address, body: `${message.subject}. ${message.lines.join(' ')}` });
  }
  return other.channel;
}

/** The provider refused a number for good: stop using it, and tell the registrant another way if we can. */
export async function phoneUnreachable(
  deps: ActivityDeps,
  contactPointId: string,
  reason: string,
): Promise<void> {
  await disableContactPoint(deps.db, contactPointId);
  const told = await tellAnotherWay(deps, contactPointId, {
    subject: 'We could not reach your phone',
    lines: [
      'Our texts or calls to the phone number you gave us cannot get through, so we have stopped using it.',
      'You will keep getting notices here. To use a phone again, register the number again.',
    ],
  });
  deps.log.warn({ contactPointId, reason, toldOn: told }, 'phone number unreachable; contact point disabled');
}

/**
 * The receiving server refused the address for good (unknown mailbox or domain): stop using it,
 * tell the registrant on another channel they chose, if any, and tell their advocate and the
 * coordinators' desk, so a person can reach the registrant another way. Identifiers only to the
 * desk; the advocate supports this person.
 */
export async function emailBounced(
  deps: ActivityDeps,
  to: { contactPointId: string; registrationId: string },
  reason: string,
): Promise<void> {
  const { db, keyring, email, settings } = deps;
  await disableContactPoint(db, to.contactPointId);
  const toldRegistrant = await tellAnotherWay(deps, to.contactPointId, {
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
  deps.log.warn(
    { contactPointId: to.contactPointId, reason, told },
    'email address refused; contact point disabled',
  );
}

/**
 * One more failure of a webhook endpoint; past the limit it is disabled (nothing more is sent
 * to it, so a dead endpoint does not hold up everyone else) and its owner, the advocate, is told.
 */
export async function webhookGaveUp(
  deps: ActivityDeps,
  to: Extract<Recipient, { kind: 'webhook' }>,
  reason: string,
): Promise<boolean> {
  const { db, keyring, email, settings } = deps;
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
  deps.log.warn(
    { contactPointId: to.contactPointId, failures, ownerTold: Boolean(owner) },
    'webhook endpoint disabled',
  );
  return true;
}
