import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { header, type Mailbox, readMailbox, startMailbox } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';
import { kill, spawnWorker } from './harness/hub-process';
import { startSmsStandIn } from './harness/sms-provider';

/**
 * Exactly once per channel with a worker process killed for real in the middle of an SMTP
 * conversation and of a request to the SMS provider: the delivery rows were claimed, the messages
 * not yet accepted. Temporal gives the workflow to the next worker when the dead one's task times
 * out; it sends again what was not sent, and each registrant gets one message, not zero, not two,
 * counted at the SMTP server and at the provider.
 */
describe('a worker killed mid-send', () => {
  let hub: TestHub;
  let mailbox: Mailbox;
  let provider: Awaited<ReturnType<typeof startSmsStandIn>>;
  let mailDir: string;
  let holding = true;
  let held: () => void = () => {};
  const heldRecipients: string[] = [];

  beforeAll(async () => {
    hub = await startHub(inject('services'), { worker: false });
    provider = await startSmsStandIn();
    mailDir = await mkdtemp(join(tmpdir(), 'switchboard-crash-mail-'));
    mailbox = await startMailbox({
      dir: mailDir,
      // While holding, the SMTP conversation stops at RCPT TO and never goes on.
      holdRecipient: (address) => {
        if (!holding) return Promise.resolve();
        heldRecipients.push(address);
        held();
        return new Promise<void>(() => {});
      },
    });
  });
  afterAll(async () => {
    await mailbox?.close();
    await provider?.close();
    await hub?.stop();
    if (mailDir) await rm(mailDir, { recursive: true, force: true });
  });

  it('delivers once after the sending worker is killed with SIGKILL', async () => {
    const services = inject('services');
    const env = {
      TEMPORAL_TASK_QUEUE: hub.taskQueue,
      SMTP_PORT: String(mailbox.port),
      SMS_API_BASE: provider.apiBase,
      SMS_ACCOUNT_SID: provider.accountSid,
      SMS_AUTH_TOKEN: provider.authToken,
      SMS_FROM: provider.from,
    };
    const subject = uniqueSubject();
    await hub.register(subject, { displayName: 'Sam Okafor', email: 'sam.okafor@example.test' });
    await hub.register(subject, { displayName: 'Lee Okafor', email: 'lee.okafor@example.test' });
    const phone = '+14155550166';
    const texter = await hub.register(subject, { displayName: 'Kai Okafor', phone });

    provider.stall.texts = true;
    const first = spawnWorker(services, env);
    const isHeld = Promise.all([
      new Promise<void>((resolve) => {
        held = resolve;
      }),
      new Promise<void>((resolve) => {
        provider.stall.onStall = resolve;
      }),
    ]);
    const event = custodyRelease('county-jail', subject);
    expect(await hub.publish('county-jail', event)).toMatchObject({ receipt: { outcome: 'accepted' } });
    await isHeld;
    const row = (await findCaseEvent(hub.db, 'county-jail', event.id))!;
    const claimed = await listDeliveriesForCaseEvent(hub.db, row.id);
    expect(claimed.some((d) => d.status === 'sending')).toBe(true);

    await kill(first, 'SIGKILL');
    holding = false;
    provider.stall.texts = false;
    const second = spawnWorker(services, env);
    try {
      await hub.temporal.workflow.getHandle(row.workflow_id).result();
    } finally {
      await kill(second, 'SIGTERM');
    }

    const mails = (await readMailbox(mailDir)).filter(
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`,
    );
    const recipients = mails.map((m) => (Array.isArray(m.mail.to) ? m.mail.to[0] : m.mail.to)?.text).sort();
    expect(recipients).toEqual(['sam.okafor@example.test', 'lee.okafor@example.test'].sort());
    // One text at the provider: the stalled request died with its worker, the retry went through.
    expect(provider.stall.stalled).toEqual([phone]);
    expect(provider.messages.filter((m) => m.to === phone)).toHaveLength(1);
    const deliveries = await listDeliveriesForCaseEvent(hub.db, row.id);
    expect(deliveries.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    expect(deliveries.find((d) => d.registration_id === texter)?.channel).toBe('sms');
    // The killed attempt is on record: at least one row was tried twice.
    expect(Math.max(...deliveries.map((d) => d.attempts))).toBeGreaterThanOrEqual(2);
    expect(heldRecipients.length).toBeGreaterThanOrEqual(1);
  });
});
