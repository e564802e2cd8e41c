import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findCaseEvent, findConfirmation, listDeliveriesForCaseEvent } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { readMailbox, type StoredMessage, waitForMessages } from '@switchboard/mailbox';
import {
  type NotificationStatus,
  notificationStatusQuery,
  notificationWorkflowId,
} from '@switchboard/workflows/contract';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

const DESK = 'desk@coordinators.test';
const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/**
 * Urgent news end to end, on a schedule shortened to seconds: an escape reaches the registrant
 * with a confirmation link, repeats until confirmed, and goes to the advocate and the coordinators'
 * desk when nobody confirms; coordinators close it through the API.
 */
describe('urgent news', () => {
  let hub: TestHub;
  let api: TestApi;
  beforeAll(async () => {
    hub = await startHub(inject('services'), {
      settings: { repeatEverySeconds: 1, repeatForSeconds: 3, coordinatorEmail: DESK },
    });
    api = await startApi(hub);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const escapeEvent = (subject: string) => {
    const now = new Date().toISOString();
    return {
      specversion: '1.0',
      id: `evt-escape-${Math.random().toString(36).slice(2, 10)}`,
      source: agencySource('state-prison'),
      type: 'custody.escaped',
      subject,
      time: now,
      data: { escapedAt: now, facility: 'North Facility' },
    };
  };
  const to = (address: string) => (m: StoredMessage) =>
    (Array.isArray(m.mail.to) ? m.mail.to : [m.mail.to]).some((t) => t?.text.includes(address));

  /** Publishes an escape for a new registrant; returns what a test needs to follow it. */
  /** `urgentRepeat`: the registrant's own schedule instead of the hub's (seconds, in this test). */
  async function escapeFor(name: string, urgentRepeat?: { everyMinutes: number; forHours: number }) {
    const subject = uniqueSubject();
    const email = `${name}@example.test`;
    const registrationId = await hub.register(
      subject,
      {
        displayName: name,
        email,
        advocate: { displayName: 'Ana Ruiz', email: 'ana.ruiz@advocates.test', organisation: 'Safe Harbor' },
      },
      'state-prison',
    );
    if (urgentRepeat)
      await api.as.ownerOf(registrationId).registration.update.mutate({ registrationId, urgentRepeat });
    const event = escapeEvent(subject);
    expect(await hub.publish('state-prison', event)).toMatchObject({ receipt: { outcome: 'accepted' } });
    const row = await waitForRow(event.id);
    const workflowId = notificationWorkflowId({
      agencyId: 'state-prison',
      caseEventId: row.id,
      registrationId,
    });
    return {
      email,
      registrationId,
      caseEventId: row.id,
      workflowId,
      handle: hub.temporal.workflow.getHandle(workflowId),
    };
  }
  async function waitForRow(eventId: string) {
    for (let i = 0; i < 100; i++) {
      const row = await findCaseEvent(hub.db, 'state-prison', eventId);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`event ${eventId} was never stored`);
  }
  const linkIn = (message: StoredMessage) => {
    const match = /https?:\/\/\S+(\/confirm\/[A-Za-z0-9_-]+)/.exec(message.mail.text ?? '');
    expect(match, 'the urgent notice carries a confirmation link').not.toBeNull();
    return `${api.baseUrl}${match![1]}`;
  };

  it('asks for confirmation; opening the link changes nothing, pressing the button stops the repeats at once', async () => {
    const notice = await escapeFor('casey');
    const [first] = await waitForMessages(hub.mailDir, to(notice.email));
    expect(first!.mail.subject).toMatch(/^Urgent: /);
    const link = linkIn(first!);

    // A mail scanner fetching the link must not confirm on the registrant's behalf.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('I got this');
    expect((await notice.handle.query(notificationStatusQuery)).confirmedBy).toBeUndefined();

    const confirmed = await fetch(link, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('stopped repeating');
    const status = (await notice.handle.result()) as NotificationStatus;
    expect(status).toMatchObject({ state: 'confirmed', confirmedBy: 'link' });
    expect(await findConfirmation(hub.db, notice.caseEventId, notice.registrationId)).toMatchObject({
      by: 'link',
    });

    // Nothing more after the confirmation, and nobody was escalated to.
    const sentSoFar = (await readMailbox(hub.mailDir)).filter(to(notice.email)).length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await readMailbox(hub.mailDir)).filter(to(notice.email))).toHaveLength(sentSoFar);
    expect(sentSoFar).toBe(status.rounds);
    // A second press is thanked and changes nothing; a made-up token reveals nothing.
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    const made_up = await fetch(`${api.baseUrl}/confirm/${'x'.repeat(32)}`, { method: 'POST' });
    expect(made_up.status).toBe(404);
    expect(await made_up.text()).not.toContain('casey');
  });

  it('repeats until the window closes, escalates to the advocate and the desk, and a coordinator confirms by phone', async () => {
    const notice = await escapeFor('drew');
    const [advocateMail] = await waitForMessages(hub.mailDir, to('ana.ruiz@advocates.test'), {
      timeoutMs: 20_000,
    });
    expect(advocateMail, 'the advocate is told').toBeDefined();
    expect(advocateMail!.mail.text).toContain('drew');
    const [deskMail] = await waitForMessages(
      hub.mailDir,
      (m) => to(DESK)(m) && (m.mail.text ?? '').includes(notice.registrationId),
    );
    expect(deskMail!.mail.text).toContain(notice.workflowId);
    expect(deskMail!.mail.text, 'the desk gets identifiers, not names or addresses').not.toMatch(
      /drew|example\.test/,
    );

    // Coordinators find it in Temporal UI by state and urgency.
    let listed: string[] = [];
    for (let i = 0; i < 50 && !listed.includes(notice.workflowId); i++) {
      listed = [];
      for await (const wf of hub.temporal.workflow.list({
        query: `DeliveryState="escalated" AND Urgency="urgent" AND RegistrationId="${notice.registrationId}"`,
      })) {
        listed.push(wf.workflowId);
      }
      if (!listed.includes(notice.workflowId)) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(listed).toContain(notice.workflowId);

    const afterCall = await api.as.coordinator.notification.confirmByPhone.mutate({
      workflowId: notice.workflowId,
      reason: 'victim confirmed on the phone',
    });
    expect(afterCall.confirmedBy).toBe('coordinator');
    const status = (await notice.handle.result()) as NotificationStatus;
    expect(status.state).toBe('confirmed');
    // Sent at 0, 1, 2 and 3 s (give or take scheduling), each round exactly once.
    expect(status.rounds).toBeGreaterThanOrEqual(3);
    const registrantMails = (await readMailbox(hub.mailDir)).filter(to(notice.email));
    expect(registrantMails).toHaveLength(status.rounds);
    expect(new Set(registrantMails.map((m) => m.mail.messageId)).size).toBe(status.rounds);
    expect(registrantMails.slice(1).every((m) => m.mail.subject?.startsWith('Urgent reminder'))).toBe(true);
    const deliveries = await listDeliveriesForCaseEvent(hub.db, notice.caseEventId);
    expect(deliveries.filter((d) => d.channel === 'email').map((d) => [d.round, d.status])).toEqual(
      Array.from({ length: status.rounds }, (_, i) => [i + 1, 'sent']),
    );
    expect(
      deliveries
        .filter((d) => d.channel !== 'email')
        .map((d) => d.channel)
        .sort(),
    ).toEqual(['advocate-email', 'coordinator-email']);
  });

  it('a coordinator can stop a notification from the CLI; acting on a finished or unknown one says why', async () => {
    // Repeated every 5 minutes for an hour: the CLI (a process of its own) stops it well before any
    // escalation, however slowly it starts on a loaded machine.
    const notice = await escapeFor('emery', { everyMinutes: 5, forHours: 1 });
    await waitForMessages(hub.mailDir, to(notice.email));
    // Signed in as a coordinator, the way `switchboard staff sign-in` leaves it in the config folder.
    const config = await mkdtemp(join(tmpdir(), 'switchboard-cli-'));
    await mkdir(join(config, 'switchboard'));
    const session = {
      hub: api.baseUrl,
      token: await api.session('staff', 'emery-desk', ['coordinator']),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      name: 'Test coordinator',
      roles: ['coordinator'],
    };
    await writeFile(join(config, 'switchboard', 'session.json'), JSON.stringify(session), { mode: 0o600 });
    const cli = await run(
      'node',
      [
        '--import',
        'tsx',
        'apps/cli/src/main.ts',
        'notification',
        'stop',
        notice.workflowId,
        '--reason',
        'registrant reached by phone; asked us to stop',
      ],
      { cwd: root, env: { ...process.env, XDG_CONFIG_HOME: config } },
    ).finally(() => rm(config, { recursive: true, force: true }));
    expect(cli.stdout).toContain(`${notice.workflowId}: `);
    expect(((await notice.handle.result()) as NotificationStatus).state).toBe('stopped');

    const again = await api.as.coordinator.notification.resend
      .mutate({ workflowId: notice.workflowId, reason: 'checking it is over' })
      .catch((e) => e);
    expect(again).toBeInstanceOf(TRPCClientError);
    expect(again.message).toMatch(/already finished \(stopped\)/);
    const unknown = await api.as.coordinator.notification.confirmByPhone
      .mutate({ workflowId: 'notify:nope', reason: 'a typo' })
      .catch((e) => e);
    expect(unknown.message).toMatch(/not a notification workflow id/);
    expect(
      await api.as.coordinator.notification.status.query({ workflowId: notice.workflowId }),
    ).toMatchObject({
      state: 'stopped',
    });
    // That a stopped notice escalates to nobody is the workflow's own test (notify-registration).
  });
});
