import type { Notice } from './compose-notice';
import { noticeLanguageOf, say } from './messages';

/**
 * For someone who shares a phone or a mailbox: the message says only that there is an update, and
 * where to read it signed in; no case, no name, no date, no calendar invitation. The full notice is
 * kept for the portal, where urgent news is also confirmed.
 */
export function briefNotice(full: Notice, urgent: boolean, portalUrl: string): Notice {
  const inPortal = full.inPortal ?? { subject: full.subject, text: full.text };
  const language = noticeLanguageOf(full.language);
  const asked = { urgent: urgent ? 'yes' : 'no', url: `${portalUrl}/` };
  return {
    language: full.language,
    subject: say(language, 'brief.subject', asked),
    text: [say(language, 'brief.body', asked), say(language, 'brief.signIn', asked)].join('\n'),
    inPortal,
  };
}
