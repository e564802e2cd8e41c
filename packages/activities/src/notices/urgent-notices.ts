import type { Notice } from './compose-notice';
import { noticeLanguageOf, say } from './messages';

/**
 * Added to urgent news: one link that says "I got this", and what happens if nobody follows it.
 * The link opens a page with a button rather than confirming on a plain visit, because mail
 * scanners fetch links in messages and must not confirm on the registrant's behalf.
 */
export function withConfirmationRequest(notice: Notice, link: string, round: number): Notice {
  const language = noticeLanguageOf(notice.language);
  return {
    ...notice,
    subject: say(language, 'urgent.subject', { again: round > 1 ? 'yes' : 'no', subject: notice.subject }),
    text: [notice.text, '', say(language, 'urgent.ask'), link, say(language, 'urgent.until')].join('\n'),
  };
}

/** To the registrant's advocate, who supports them and may reach them by other means. */
export function advocateEscalationNotice(facts: {
  advocateName: string;
  registrantName: string;
  eventTitle: string;
  subjectRef: string;
  rounds: number;
}): Notice {
  return {
    language: 'en',
    subject: `Unconfirmed urgent notice for ${facts.registrantName}`,
    text: [
      `Hello ${facts.advocateName},`,
      '',
      `${facts.registrantName}, whom you support, was sent an urgent notice ${facts.rounds} time(s) and has not confirmed it.`,
      `The notice: ${facts.eventTitle} (case ${facts.subjectRef}).`,
      '',
      'Please try to reach them. When you have, our coordinators can mark the notice confirmed so the reminders stop.',
    ].join('\n'),
  };
}

/** To the coordinators' desk: identifiers only, because the desk looks people up in the hub. */
export function coordinatorEscalationNotice(facts: {
  eventType: string;
  subjectRef: string;
  registrationId: string;
  workflowId: string;
  rounds: number;
}): Notice {
  return {
    language: 'en',
    subject: `Escalation: ${facts.eventType} unconfirmed (registration ${facts.registrationId})`,
    text: [
      `An urgent notice (${facts.eventType}, subject ${facts.subjectRef}) was sent ${facts.rounds} time(s) to registration ${facts.registrationId} and nobody confirmed it.`,
      '',
      `Temporal workflow: ${facts.workflowId}`,
      'When the registrant has been reached: switchboard notification confirm <workflow id>',
      'To end it without confirmation:       switchboard notification stop <workflow id>',
    ].join('\n'),
  };
}
