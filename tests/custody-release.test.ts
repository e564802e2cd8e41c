import { findCaseEvent, listDeliveriesForCaseEvent, recordCaseEvent } from '@switchboard/db';
import { header, readMailbox, waitForMessages } from '@switchboard/mailbox';
import { caseEventWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/** The first slice, all real: JetStream in, PostgreSQL rows, Temporal workflows, SMTP out. */
describe('a custody release travels from an agency to a victim inbox', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const mailFor =
    (agencyId: string, eventId: string) => (m: Parameters<Parameters<typeof waitForMessages>[1]>[0]) =>
      header(m, 'X-Switchboard-Event') === `${agencyId}/${eventId}`;

  it('tells a release only to those registered for the publisher’s reference, when two agencies use the same one', async () => {
    const shared = uniqueSubject();
    await hub.register(
      shared,
      { displayName: 'Pat Jailside', email: 'pat.jailside@example.test' },
      'county-jail',
    );
    await hub.register(
      shared,
      { displayName: 'Rae Prisonside', email: 'rae.prisonside@example.test' },
      'state-prison',
    );
    const recipients = async (agencyId: string) => {
      const event = custodyRelease(agencyId, shared);
      await hub.publish(agencyId, event);
      const [mail] = await waitForMessages(hub.mailDir, mailFor(agencyId, event.id));
      // Long enough for a wrong second notice to have gone out too.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return (await readMailbox(hub.mailDir))
        .filter(mailFor(agencyId, event.id))
        .map((m) => (m.mail.to && 'text' in m.mail.to ? m.mail.to.text : ''))
        .concat(mail ? [] : ['(none)']);
    };
    expect(await recipients('county-jail')).toEqual(['pat.jailside@example.test']);
    expect(await recipients('state-prison')).toEqual(['rae.prisonside@example.test']);
  });

  it('delivers one email per registration and records the event and each delivery', async () => {
    const subject = uniqueSubject();
    const first = await hub.register(subject, {
      displayName: 'Robin Park',
      email: 'robin.park@example.test',
    });
    const second = await hub.register(subject, {
      displayName: 'Ana Ruiz',
      email: 'ana.ruiz@example.test',
      language: 'es',
    });
    await hub.register(uniqueSubject()); // someone registered for another subject is not told

    const event = custodyRelease('county-jail', subject);
    const outcome = await hub.publish('county-jail', event);
    expect(outcome).toMatchObject({ kind: 'receipt', receipt: { outcome: 'accepted', eventId: event.id } });

    const mails = await waitForMessages(hub.mailDir, mailFor('county-jail', event.id), { count: 2 });
    expect(mails.map((m) => (m.mail.to && 'text' in m.mail.to ? m.mail.to.text : '')).sort()).toEqual([
      'ana.ruiz@example.test',
      'robin.park@example.test',
    ]);
    const english = mails.find((m) => m.mail.subject?.startsWith('Release notice'))!;
    expect(english.mail.subject).toBe(`Release notice for case ${subject}`);
    expect(english.mail.text).toContain('Riverside County Jail');
    expect(mails.find((m) => m.mail.subject?.startsWith('Aviso'))?.mail.text).toContain(
      'se cumplió la condena',
    );

    const stored = await findCaseEvent(hub.db, 'county-jail', event.id);
    expect(stored).toMatchObject({ type: 'custody.released', subject_ref: subject, data_version: 1 });
    expect(stored!.workflow_started_at).not.toBeNull();
    await expect
      .poll(async () => (await listDeliveriesForCaseEvent(hub.db, stored!.id)).map((d) => d.status))
      .toEqual(['sent', 'sent']);
    const deliveries = await listDeliveriesForCaseEvent(hub.db, stored!.id);
    expect(deliveries.map((d) => d.registration_id).sort()).toEqual([first, second].sort());
    // The row names the exact message the SMTP server holds.
    expect(mails.map((m) => m.mail.messageId).sort()).toEqual(deliveries.map((d) => d.message_id).sort());
  });

  it('publishing the same event three times sends exactly one email, even past the JetStream duplicate window', async () => {
    const subject = uniqueSubject();
    await hub.register(subject);
    const event = custodyRelease('county-jail', subject);

    const outcomes = [
      await hub.publish('county-jail', event),
      await hub.publish('county-jail', event), // inside the duplicate window: JetStream absorbs it
      await hub.publish('county-jail', event, { msgId: false }), // a late replay: ingest must absorb it
    ];
    expect(outcomes[0]).toMatchObject({ kind: 'receipt', receipt: { outcome: 'accepted' } });
    expect(outcomes[1]).toMatchObject({ kind: 'absorbed' });
    expect(outcomes[2]).toMatchObject({
      kind: 'receipt',
      receipt: { outcome: 'duplicate', eventId: event.id },
    });

    await waitForMessages(hub.mailDir, mailFor('county-jail', event.id));
    const handle = hub.temporal.workflow.getHandle(caseEventWorkflowId('county-jail', event.id));
    await handle.result();
    // Give a wrongly started second delivery every chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await readMailbox(hub.mailDir)).filter(mailFor('county-jail', event.id))).toHaveLength(1);
    const stored = await findCaseEvent(hub.db, 'county-jail', event.id);
    expect(await listDeliveriesForCaseEvent(hub.db, stored!.id)).toHaveLength(1);
  });

  it('answers a malformed event with a rejection naming the field, and writes nothing else', async () => {
    const subject = uniqueSubject();
    await hub.register(subject);
    const broken = custodyRelease('county-jail', subject, {
      data: {
        reason: 'good behaviour',
        releasedAt: new Date().toISOString(),
        facility: 'Riverside County Jail',
      },
    });

    const outcome = await hub.publish('county-jail', broken);
    expect(outcome).toMatchObject({
      kind: 'receipt',
      receipt: { outcome: 'rejected', code: 'invalid_data', field: 'data.reason', eventId: broken.id },
    });
    expect(await findCaseEvent(hub.db, 'county-jail', broken.id)).toBeUndefined();

    // Ingest is still healthy: the corrected event goes through, and only it is emailed.
    const fixed = custodyRelease('county-jail', subject);
    expect(await hub.publish('county-jail', fixed)).toMatchObject({ receipt: { outcome: 'accepted' } });
    await waitForMessages(hub.mailDir, mailFor('county-jail', fixed.id));
    expect((await readMailbox(hub.mailDir)).filter(mailFor('county-jail', broken.id))).toHaveLength(0);
  });

  it.each([
    ['not JSON at all', 'county-jail', '{"specversion": "1.0", ', 'malformed_json', undefined],
    ['from an agency the hub does not know', 'unknown-agency', null, 'unknown_agency', undefined],
    ['a type this agency kind may not publish', 'riverside-court', null, 'type_not_allowed', 'type'],
  ])('rejects an event %s', async (_name, agencyId, raw, code, field) => {
    const payload = raw ?? custodyRelease(agencyId, uniqueSubject());
    const outcome = await hub.publish(agencyId, payload);
    expect(outcome.kind).toBe('receipt');
    if (outcome.kind !== 'receipt' || outcome.receipt.outcome !== 'rejected')
      throw new Error('expected a rejection');
    expect(outcome.receipt.code).toBe(code);
    expect(outcome.receipt.field).toBe(field);
  });

  it('finishes the work when a crash left an event stored but its workflow never started', async () => {
    const subject = uniqueSubject();
    await hub.register(subject);
    const event = custodyRelease('county-jail', subject);
    // What ingest leaves behind if it dies between its insert and its workflow start.
    await recordCaseEvent(hub.db, {
      agencyId: 'county-jail',
      family: 'custody',
      orderingKey: 'custody',
      urgency: 'high',
      eventId: event.id,
      type: 'custody.released',
      version: 1,
      subjectRef: subject,
      occurredAt: new Date(event.time as string),
      data: event.data as Record<string, unknown>,
      workflowId: caseEventWorkflowId('county-jail', event.id),
    });

    // JetStream redelivers the unacknowledged message; a replay reaches ingest the same way.
    expect(await hub.publish('county-jail', event)).toMatchObject({ receipt: { outcome: 'duplicate' } });
    expect(await waitForMessages(hub.mailDir, mailFor('county-jail', event.id))).toHaveLength(1);
  });

  it('keeps retrying while the SMTP server is down, and delivers once when it is back', async () => {
    const subject = uniqueSubject();
    await hub.register(subject);
    await hub.stopMailbox();
    const event = custodyRelease('county-jail', subject);
    try {
      expect(await hub.publish('county-jail', event)).toMatchObject({ receipt: { outcome: 'accepted' } });
      const stored = await findCaseEvent(hub.db, 'county-jail', event.id);
      await expect
        .poll(async () => (await listDeliveriesForCaseEvent(hub.db, stored!.id))[0]?.last_error ?? null, {
          timeout: 20_000,
        })
        .not.toBeNull();
    } finally {
      await hub.startMailbox();
    }
    const mails = await waitForMessages(hub.mailDir, mailFor('county-jail', event.id), { timeoutMs: 60_000 });
    expect(mails).toHaveLength(1);
    const stored = await findCaseEvent(hub.db, 'county-jail', event.id);
    const [delivery] = await listDeliveriesForCaseEvent(hub.db, stored!.id);
    expect(delivery).toMatchObject({ status: 'sent' });
    expect(delivery!.attempts).toBeGreaterThan(1);
  });
});
