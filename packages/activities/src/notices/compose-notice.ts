import { catalogue, isCatalogueType } from '@switchboard/events';
import { eventWords, isNotifyingType, type NotifyingType } from './event-messages';
import { noticeLanguageOf, say } from './messages';

export interface Notice {
  subject: string;
  text: string;
  language: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** When the message says less than the notice (brief detail): the words the portal shows. */
  inPortal?: { subject: string; text: string };
  /**
   * What the notice is about, as structured fields for systems that read it (an advocate's case
   * system, by webhook): the event's type, reference, time and data, which hold no personal data.
   * Brief notices leave it out, as they leave out the case.
   */
  event?: { type: string; subjectRef: string; occurredAt: string; data: Record<string, unknown> };
}

interface NoticeFacts {
  type: string;
  subjectRef: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

const needsHelpLine = (type: string) =>
  type === 'custody.released' || type === 'custody.escaped' || type === 'custody.deceased';

/**
 * Safety advice only where the news can put someone at risk: the person is or will be out, or
 * their whereabouts are unknown, or an order that protected the victim is gone. Never after a death.
 */
const closingOf: Record<NotifyingType, 'safety' | 'support' | 'questions'> = {
  'custody.booked': 'questions',
  'custody.released': 'safety',
  'custody.transferred': 'questions',
  'custody.escaped': 'safety',
  'custody.recaptured': 'questions',
  'custody.deceased': 'support',
  'custody.release_scheduled': 'safety',
  'custody.temporary_release': 'safety',
  'court.hearing_scheduled': 'questions',
  'court.hearing_rescheduled': 'questions',
  'court.hearing_cancelled': 'questions',
  'court.hearing_outcome': 'questions',
  'court.sentence_imposed': 'questions',
  'court.case_dismissed': 'safety',
  'protective_order.issued': 'safety',
  'protective_order.served': 'safety',
  'protective_order.modified': 'safety',
  'protective_order.expired': 'safety',
  'parole.review_scheduled': 'questions',
  'parole.decision': 'questions',
  'supervision.started': 'questions',
  'supervision.violation': 'safety',
  'supervision.absconded': 'safety',
  'supervision.ended': 'questions',
  'feed.retraction': 'questions',
};

/**
 * Plain, calm wording: what happened, when and where, as the event says it, and what the reader can
 * do. The reader chose to get these notices; we do not repeat the offender's name, only the case
 * reference they registered for. Times are in the registrant's own time zone, named.
 */
export function composeNotice(
  facts: NoticeFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone = 'UTC',
  /** The portal's help page, linked where the news may call for it. */
  helpUrl?: string,
  options: {
    /** For a text: times said short, so the details fit in its segments. */
    compact?: boolean;
    /** Whom to call: the agency's line for questions, and a crisis line where the news may put someone at risk. */
    whomToCall?: { agency?: { name: string; line: string }; crisis?: { name: string; phone: string } };
  } = {},
): Notice {
  const language = noticeLanguageOf(requestedLanguage);
  const type = facts.type;
  if (!isNotifyingType(type) || !(isCatalogueType(type) && catalogue[type].notifies))
    throw new NoNoticeWording(`no notice wording for event type ${type}`);
  const { title, body } = eventWords(type, facts.data, language, timeZone, options.compact);
  const caseRef = facts.subjectRef;
  return {
    language,
    subject: say(language, type === 'custody.released' ? 'notice.subject.release' : 'notice.subject', {
      caseRef,
    }),
    event: { type, subjectRef: caseRef, occurredAt: facts.occurredAt.toISOString(), data: facts.data },
    text: [
      say(language, 'greeting', { name: displayName }),
      '',
      say(language, 'notice.headline', { title, caseRef }),
      body,
      '',
      say(language, `closing.${closingOf[type]}`),
      ...(options.whomToCall?.crisis && closingOf[type] !== 'questions'
        ? [say(language, 'closing.crisis', options.whomToCall.crisis)]
        : []),
      ...(options.whomToCall?.agency
        ? [
            say(language, 'closing.agency', {
              agency: options.whomToCall.agency.name,
              line: options.whomToCall.agency.line,
            }),
          ]
        : []),
      ...(helpUrl && needsHelpLine(type) ? [say(language, 'closing.help', { url: helpUrl })] : []),
      say(language, 'closing.stop'),
    ].join('\n'),
  };
}

export class NoNoticeWording extends Error {
  override readonly name = 'NoNoticeWording';
}

/** The one message an unverified address may receive. */
export function verificationNotice(code: string, requestedLanguage: string, displayName: string): Notice {
  const language = noticeLanguageOf(requestedLanguage);
  return {
    language,
    subject: say(language, 'code.subject', { code }),
    text: [
      say(language, 'greeting', { name: displayName }),
      '',
      say(language, 'code.body', { code }),
      say(language, 'code.ignore'),
    ].join('\n'),
  };
}
