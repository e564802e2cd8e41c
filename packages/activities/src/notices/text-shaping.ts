import { SegmentedMessage } from 'sms-segments-calculator';
import type { Notice } from './compose-notice';
import { noticeLanguageOf, say } from './messages';

/**
 * A text is billed and delivered in segments (153 GSM-7 characters, or 67 once one character needs
 * UCS-2, as Spanish á, í, ó and ú do); phones join them, but a long chain is split or shortened by some carriers.
 */
export const MAX_TEXT_SEGMENTS = 4;

export function segmentsOf(text: string): { segments: number; encoding: string } {
  const message = new SegmentedMessage(text, 'auto');
  return { segments: message.segmentsCount, encoding: message.encodingName };
}

/**
 * A notice as a text: its subject and lines without the greeting or blank lines, and the footer on
 * stopping and help, within MAX_TEXT_SEGMENTS. When it does not fit, the closing lines go first;
 * then the details give way to the headline and a link to read the whole notice signed in. The
 * footer (carriers require it) and an urgent notice's confirmation link are never cut.
 */
export function shapeText(notice: Notice, footer: string, portalUrl: string): string {
  const lines = notice.text.split('\n').filter((line) => line.trim() !== '');
  const fits = (parts: string[]) => segmentsOf(parts.join('\n')).segments <= MAX_TEXT_SEGMENTS;
  const whole = [notice.subject, ...lines.slice(1), footer];
  if (fits(whole)) return whole.join('\n');

  const language = noticeLanguageOf(notice.language);
  const confirmAt = lines.findIndex((line) => /\/confirm\//.test(line));
  // The link, and a PIN to reply with where the text offers one: how urgent news is confirmed.
  const pin = confirmAt < 0 ? [] : lines.slice(confirmAt + 1).filter((line) => /\b\d{6}\b/.test(line));
  const confirm = confirmAt < 0 ? [] : [say(language, 'text.confirm'), lines[confirmAt]!.trim(), ...pin];
  // The notice's own lines: the headline, what the event says, then the closings; the urgent
  // request (its prompt, link and explanation) is said again shortly in `confirm`.
  const own = (confirmAt < 0 ? lines : lines.slice(0, confirmAt - 1)).slice(1);
  const [headline = '', ...rest] = own;
  const link = `${say(language, 'text.readInFull')} ${portalUrl}/`;
  const candidates = [
    // Closings first, one by one; what the event says (rest[0]) stays until only a link can.
    ...Array.from({ length: Math.max(0, rest.length - 1) }, (_, i) => [
      headline,
      ...rest.slice(0, rest.length - 1 - i),
    ]),
    [headline, link],
    [link],
    // Urgent news in UCS-2 may have room for its confirmation alone: the link still opens the notice.
    [],
  ];
  // The subject repeats the case the headline names: a notice that is not urgent may go without it
  // before its details do (an urgent one keeps "Urgent" first).
  const leads = confirmAt < 0 && headline ? [[notice.subject], []] : [[notice.subject]];
  for (const candidate of candidates) {
    for (const lead of leads) {
      const text = [...lead, ...candidate, ...confirm, footer];
      if (fits(text)) return text.join('\n');
    }
  }
  // Where even that is too long (UCS-2), a PIN to reply with confirms from the phone itself.
  const pinOnly = [notice.subject, ...(pin.length > 0 ? pin : confirm), footer];
  return pinOnly.join('\n');
}
