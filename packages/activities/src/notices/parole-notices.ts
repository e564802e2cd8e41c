import type { Notice } from './compose-notice';
import { momentIn, type NoticeLanguage } from './event-messages';
import { has, noticeLanguageOf, say } from './messages';

interface ReviewFacts {
  subjectRef: string;
  data: Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function dates(facts: ReviewFacts, language: NoticeLanguage, timeZone: string) {
  const scheduledFor = text(facts.data.scheduledFor);
  if (!scheduledFor) throw new Error('a parole review notice needs the review date');
  const deadline = text(facts.data.statementDeadline) ?? scheduledFor;
  return {
    review: momentIn(language, scheduledFor, timeZone),
    deadline: momentIn(language, deadline, timeZone),
    board: text(facts.data.board) ?? '',
  };
}

/**
 * A parole review is scheduled: when, and that the victim may be heard (in writing, through the
 * link, until the deadline) without having to. Being heard is a right, never a duty.
 */
export function paroleReviewNotice(
  facts: ReviewFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone: string,
  statementUrl: string,
): Notice {
  const language = noticeLanguageOf(requestedLanguage);
  const { review, deadline, board } = dates(facts, language, timeZone);
  const caseRef = facts.subjectRef;
  return {
    language,
    subject: say(language, 'parole.subject', { caseRef }),
    text: [
      say(language, 'greeting', { name: displayName }),
      '',
      say(language, 'parole.body', { caseRef, review, board, has_board: has(board) }),
      say(language, 'parole.invite', { deadline }),
      statementUrl,
      say(language, 'parole.noDuty'),
      say(language, 'parole.willTell'),
    ].join('\n'),
  };
}

/** The window for statements closes soon, and this registrant has not written one. */
export function paroleStatementReminderNotice(
  facts: ReviewFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone: string,
  statementUrl: string,
): Notice {
  const language = noticeLanguageOf(requestedLanguage);
  const { deadline } = dates(facts, language, timeZone);
  const caseRef = facts.subjectRef;
  return {
    language,
    subject: say(language, 'parole.reminder.subject', { caseRef }),
    text: [
      say(language, 'greeting', { name: displayName }),
      '',
      say(language, 'parole.reminder.body', { caseRef, deadline }),
      statementUrl,
      say(language, 'parole.reminder.only'),
    ].join('\n'),
  };
}

/** The board's decision, said plainly, with the next review when there will be one. */
export function paroleDecisionNotice(
  facts: ReviewFacts,
  requestedLanguage: string,
  displayName: string,
): Notice {
  const language = noticeLanguageOf(requestedLanguage);
  const next = text(facts.data.nextReviewBy);
  const caseRef = facts.subjectRef;
  return {
    language,
    subject: say(language, 'parole.decision.subject', { caseRef }),
    text: [
      say(language, 'greeting', { name: displayName }),
      '',
      say(language, 'parole.decision.body', { caseRef, decision: text(facts.data.decision) ?? 'other' }),
      ...(next ? [say(language, 'parole.decision.next', { next })] : []),
      say(language, 'parole.decision.closing'),
    ].join('\n'),
  };
}
