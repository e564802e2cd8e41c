import nodemailer from 'nodemailer';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Deterministic per delivery, so a resend after a crash is recognisable as the same message. */
  messageId: string;
  language: string;
  /** Identifiers only: they let an operator trace a message back to its delivery row. */
  headers: Record<string, string>;
  /** An iCalendar invite (hearings), sent as the text/calendar part mail clients offer to add. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

export interface EmailChannel {
  send(message: EmailMessage): Promise<{ messageId: string; response: string }>;
  close(): void;
}

export function createEmailChannel(options: { host: string; port: number; from: string }): EmailChannel {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: false,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: htmlOfText(message.text, message.language),
        messageId: message.messageId,
        headers: { 'Content-Language': message.language, ...message.headers },
        ...(message.calendar && {
          icalEvent: {
            method: message.calendar.method,
            filename: 'hearing.ics',
            content: message.calendar.content,
          },
        }),
      });
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transport.close(),
  };
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The HTML part of a notice: the same words, a paragraph per block, links that can be followed, in
 * the notice's language (screen readers pick their voice from it). Nothing but the text goes in.
 */
export function htmlOfText(text: string, language: string): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) =>
          escapeHtml(line).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`),
        )
        .join('<br>'),
    )
    .map((block) => `<p>${block}</p>`)
    .join('\n');
  return `<!doctype html>\n<html lang="${escapeHtml(language)}"><body style="font-family:sans-serif;font-size:16px;line-height:1.5">\n${paragraphs}\n</body></html>`;
}
