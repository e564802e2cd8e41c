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
