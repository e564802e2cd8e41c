import type { Notice } from './compose-notice';
import { eventMessages, isNotifyingType, momentIn } from './event-messages';
import { has, noticeLanguageOf, say } from './messages';

/**
 * The correction to a notice the agency withdrew: which notice (its words and date), that it was
 * wrong, and that nothing about the case changed because of it. Said plainly, because a false
 * release notice frightens people and a vague correction does not undo that.
 */
export function correctionNotice(
  facts: { subjectRef: string; withdrawnType?: string; withdrawnAt?: Date },
  requestedLanguage: string,
  displayName: string,
  timeZone = 'UTC',
): Notice {
  const language = noticeLanguageOf(requestedLanguage);
  const title =
    facts.withdrawnType && isNotifyingType(facts.withdrawnType)
      ? eventMessages[language][facts.withdrawnType].title
      : '';
  const when = facts.withdrawnAt ? momentIn(language, facts.withdrawnAt, timeZone) : '';
  const caseRef = facts.subjectRef;
  return {
    language,
    subject: say(language, 'correction.subject', { caseRef }),
    text: [
      say(language, 'greeting', { name: displayName }),
      '',
      say(language, 'correction.body', { caseRef, title, has_title: has(title), when, has_when: has(when) }),
      say(language, 'correction.wrong'),
      '',
      say(language, 'correction.sorry'),
    ].join('\n'),
  };
}
