import { resolve } from 'node:path';
import { startMailbox } from './mailbox';

// Run by infra/up.sh: `tsx infra/mailbox/src/main.ts`. One JSON line per message, no addresses.
const dir = resolve(process.env.MAILBOX_DIR ?? 'var/mail');
const port = Number(process.env.SMTP_PORT ?? 2525);
const mailbox = await startMailbox({ dir, port, host: process.env.SMTP_HOST ?? '127.0.0.1' });
const log = (msg: string, extra: object = {}) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), component: 'mailbox', msg, ...extra }));
log('listening', { port: mailbox.port, dir });
mailbox.events.on('message', ({ file }) => log('message stored', { file }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void mailbox.close().then(() => process.exit(0)));
}
