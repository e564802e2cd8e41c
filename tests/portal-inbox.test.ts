import { findCaseEvent } from '@switchboard/db';
import { readMailbox } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * The portal inbox, for a victim with no safe email or phone: notices are kept in the hub, sealed,
 * and read with the key the enrolment gave, never sent anywhere.
 */
describe('portal inbox', () => {
  let hub: TestHub;
  let api: TestApi;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const inbox = (key: string | undefined, query = '') =>
    fetch(`${api.baseUrl}/inbox${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('keeps notices for the key holder alone, sealed, once per event, and marks them read', async () => {
    const subject = uniqueSubject();
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: subject,
      displayName: 'Lena Ortiz',
      portal: true,
      language: 'es',
    });
    expect(enrolment.inboxKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const empty = await inbox(enrolment.inboxKey);
    expect(await empty.json()).toEqual({ messages: [] });

    const event = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', event);
    const row = await findCaseEvent(hub.db, 'county-jail', event.id);
    await hub.temporal.workflow.getHandle(row!.workflow_id).result();
    // A repeat of the same event (a replay) adds nothing.
    await hub.publish('county-jail', event, { msgId: false });

    const opened = (await (await inbox(enrolment.inboxKey)).json()) as {
      messages: { subject: string; text: string; firstRead: boolean }[];
    };
    expect(opened.messages).toHaveLength(1);
    expect(opened.messages[0]).toMatchObject({
      subject: `Aviso de liberación: caso ${subject}`,
      firstRead: true,
    });
    expect(opened.messages[0]!.text).toContain('Hola, Lena Ortiz');
    const again = (await (await inbox(enrolment.inboxKey)).json()) as { messages: { firstRead: boolean }[] };
    expect(again.messages[0]!.firstRead).toBe(false);

    // Stored sealed; nothing went out by email; nobody else's key, or none, opens it.
    const stored = await hub.db.selectFrom('inbox_message').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain('Lena');
    expect(
      (await readMailbox(hub.mailDir)).filter((m) => (m.mail.text ?? '').includes(subject)),
    ).toHaveLength(0);
    expect((await inbox('A'.repeat(43))).status).toBe(401);
    expect((await inbox(undefined)).status).toBe(401);
    expect((await inbox(enrolment.inboxKey, '?before=yesterday')).status).toBe(400);
    await expect(api.trpc.inbox.read.mutate({ key: 'A'.repeat(43) })).rejects.toThrow(/opens no inbox/);
    expect((await api.trpc.inbox.read.mutate({ key: enrolment.inboxKey! })).messages).toHaveLength(1);
  });

  it('refuses a channel order that names a channel without its address, saying so', async () => {
    await expect(
      api.trpc.registration.enrol.mutate({
        agencyId: 'county-jail',
        subjectRef: uniqueSubject(),
        displayName: 'Two Ways',
        portal: true,
        channels: ['portal', 'email'],
      }),
    ).rejects.toThrow(/needs its address/);
  });
});
