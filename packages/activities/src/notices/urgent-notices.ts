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

/**
 * To the registrant's advocate, who supports them and may reach them by other means. Staff read
 * English unless their organisation says otherwise (`language`); the words are in the catalogue.
 */
export function advocateEscalationNotice(facts: {
  advocateName: string;
  registrantName: string;
  eventTitle: string;
  subjectRef: string;
  rounds: number;
  language?: string;
}): Notice {
  const language = noticeLanguageOf(facts.language ?? 'en');
  const args = {
    registrant: facts.registrantName,
    rounds: facts.rounds,
    title: facts.eventTitle,
    caseRef: facts.subjectRef,
  };
  return {
    language,
    subject: say(language, 'escalation.advocate.subject', args),
    text: [
      say(language, 'greeting', { name: facts.advocateName }),
      '',
      say(language, 'escalation.advocate.body', args),
      say(language, 'escalation.advocate.notice', args),
      '',
      say(language, 'escalation.advocate.ask'),
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
  const language = 'en' as const;
  const args = { ...facts, caseRef: facts.subjectRef };
  return {
    language,
    subject: say(language, 'escalation.desk.subject', args),
    text: [
      say(language, 'escalation.desk.body', args),
      '',
      say(language, 'escalation.desk.workflow', args),
      say(language, 'escalation.desk.confirm'),
      say(language, 'escalation.desk.stop'),
    ].join('\n'),
  };
}
