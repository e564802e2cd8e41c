import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmailChannel } from '@switchboard/channels';
import { afterEach, describe, expect, it } from 'vitest';
import { header, readMailbox, startMailbox } from './mailbox';

describe('mailbox', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps each message it accepts as a readable .eml file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailbox-'));
    const mailbox = await startMailbox({ dir });
    cleanups.push(
      () => mailbox.close(),
      () => rm(dir, { recursive: true, force: true }),
    );
    const email = createEmailChannel({ host: '127.0.0.1', port: mailbox.port, from: 'hub@example.test' });
    cleanups.push(async () => email.close());

    const stored = new Promise((resolve) => mailbox.events.once('message', resolve));
    await email.send({
      to: 'someone@example.test',
      subject: 'Hello',
      text: 'Body text',
      messageId: '<d-1@switchboard>',
      language: 'en',
      headers: { 'X-Switchboard-Delivery': 'd-1' },
    });
    await stored;

    const messages = await readMailbox(dir);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.file).toMatch(/\.eml$/);
    expect(messages[0]!.mail.subject).toBe('Hello');
    expect(messages[0]!.mail.text?.trim()).toBe('Body text');
    expect(messages[0]!.mail.messageId).toBe('<d-1@switchboard>');
    expect(header(messages[0]!, 'X-Switchboard-Delivery')).toBe('d-1');
  });

  it('reads a missing folder as empty', async () => {
    expect(await readMailbox(join(tmpdir(), 'no-such-mailbox-folder'))).toEqual([]);
  });
});
