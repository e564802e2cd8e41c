import { EventEmitter } from 'node:events';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  file: string;
  receivedAt: number;
}

export interface Mailbox {
  port: number;
  dir: string;
  /** Emits 'message' with a ReceivedMessage once the message is safely on disk. */
  events: EventEmitter;
  close(): Promise<void>;
}

/**
 * A local SMTP server for the demo and the tests: it accepts every message (but for addresses at
 * `.invalid` domains, which it refuses with 550) and keeps it as an .eml file in `dir`, where a person can open it and a test can parse it. Not for production.
 */
export async function startMailbox(options: {
  dir: string;
  host?: string;
  port?: number;
  /** Tests only: awaited before a recipient is accepted, to hold a sender mid-conversation. */
  holdRecipient?: (address: string) => Promise<void>;
}): Promise<Mailbox> {
  await mkdir(options.dir, { recursive: true });
  const events = new EventEmitter();
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    // On shutdown, drop idle pooled client connections after a second instead of waiting 30.
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      // `.invalid` can never exist (RFC 2606): refused for good, as a real server refuses an
      // unknown mailbox, so the demo and the tests can show what a bounce does.
      if (/\.invalid$/i.test(address.address)) {
        return callback(Object.assign(new Error('5.1.2 no such domain'), { responseCode: 550 }));
      }
      const hold = options.holdRecipient?.(address.address) ?? Promise.resolve();
      hold.then(() => callback(), callback);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const receivedAt = Date.now();
        const name = `${receivedAt}-${process.pid}-${++sequence}-${session.id}.eml`;
        const file = join(options.dir, name);
        // Write then rename, so a reader never sees half a message.
        writeFile(`${file}.part`, Buffer.concat(chunks))
          .then(() => rename(`${file}.part`, file))
          .then(() => {
            callback();
            events.emit('message', { file, receivedAt } satisfies ReceivedMessage);
          }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  // A sender that dies mid-conversation (a killed worker) resets its connection; smtp-server
  // reports that on the server, where an unheard 'error' event would bring the mailbox down.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error(`mailbox: ${error.message}`);
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    dir: options.dir,
    events,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface StoredMessage {
  file: string;
  mail: ParsedMail;
}

/** Every message in the folder, oldest first. */
export async function readMailbox(dir: string): Promise<StoredMessage[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      return { file, mail: await simpleParser(await readFile(file)) };
    }),
  );
}

/** Polls the folder until `match` finds `count` messages or the time runs out. */
export async function waitForMessages(
  dir: string,
  match: (message: StoredMessage) => boolean,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<StoredMessage[]> {
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const found = (await readMailbox(dir)).filter(match);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const header = (message: StoredMessage, name: string): string | undefined => {
  const value = message.mail.headers.get(name.toLowerCase());
  return typeof value === 'string' ? value : undefined;
};
