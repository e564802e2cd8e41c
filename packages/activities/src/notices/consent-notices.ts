import { dateTimeFormat } from '../date-formats';
import type { Notice } from './compose-notice';
import { noticeLanguageOf, say } from './messages';

/** To the registrant: a consent they gave ends soon; nothing is asked of them. */
export function consentExpiryNotice(facts: {
  language: string;
  displayName: string;
  agencyName: string;
  fields: string[];
  caseRef: string;
  expiresAt: Date;
}): Notice {
  const language = noticeLanguageOf(facts.language);
  const fields = facts.fields.map((field) => say(language, 'consent.field', { field })).join(', ');
  const date = dateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(facts.expiresAt);
  const args = { agency: facts.agencyName, date, fields, caseRef: facts.caseRef };
  return {
    language,
    subject: say(language, 'consent.subject', args),
    text: [
      say(language, 'greeting', { name: facts.displayName }),
      '',
      say(language, 'consent.body', args),
      say(language, 'consent.after'),
      say(language, 'consent.renew'),
    ].join('\n'),
  };
}
