import { findCaseEvent, listAuditRecords } from '@switchboard/db';
import { header, readMailbox, waitForMessages } from '@switchboard/mailbox';
import { notificationStatusQuery, notificationWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Safety holds over the real services: the jail holds a release's notices before publishing it; the
 * notices wait in Temporal, reach nobody, and go when a supervisor releases the hold or when it
 * lapses; a hold for one registration leaves the others' notices alone; bad holds are refused and
 * audited; the registrant is never told.
 */
describe('safety holds', () => {
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

  const mailsOf = async (eventId: string) =>
    (await readMailbox(hub.mailDir)).filter(
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${eventId}`,
    );
  const stateOf = async (caseEventId: string, registrationId: string) =>
    (
      await hub.temporal.workflow
        .getHandle(notificationWorkflowId({ agencyId: 'county-jail', caseEventId, registrationId }))
        .query(notificationStatusQuery)
    ).state;
  const until = async (check: () => Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('not within the time allowed');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('keeps a release from everyone until a supervisor releases the hold, and audits who held it and why', async () => {
    const subject = uniqueSubject();
    const first = await hub.register(subject, {
      displayName: 'Rosa Diaz',
      email: `rosa.${subject}@example.test`,
    });
    const second = await hub.register(subject, {
      displayName: 'Tom Reed',
      email: `tom.${subject}@example.test`,
    });
    const event = custodyRelease('county-jail', subject);

    // The jail holds the event before it publishes it.
    const hold = await api.as.agency('county-jail').safetyHold.place.mutate({
      eventId: event.id,
      reason: 'endangers_victim',
    });
    expect(hold).toMatchObject({
      agencyId: 'county-jail',
      registrationIds: null,
      state: 'in_force',
      alreadyTold: null, // not published yet
    });
    expect(Date.parse(hold.endsAt) - Date.now()).toBeGreaterThan(71 * 3_600_000); // 72 hours by default

    await hub.publish('county-jail', event);
    const row = (await findCaseEvent(hub.db, 'county-jail', event.id))!;
    await until(async () => {
      const states = await Promise.all([stateOf(row.id, first), stateOf(row.id, second)]).catch(() => []);
      return states.length === 2 && states.every((s) => s === 'held-for-safety');
    });
    await new Promise((resolve) => setTimeout(resolve, 2000)); // two looks at the hold later: still nothing
    expect(await mailsOf(event.id)).toEqual([]);
    expect(
      await hub.db.selectFrom('delivery').select('id').where('case_event_id', '=', row.id).execute(),
    ).toEqual([]);

    // A coordinator may not release it; a supervisor does, and the notices go.
    await expect(api.as.coordinator.safetyHold.release.mutate({ holdId: hold.holdId })).rejects.toThrow();
    const released = await api.as.supervisor.safetyHold.release.mutate({ holdId: hold.holdId });
    expect(released.state).toBe('released');
    const mails = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`,
      {
        count: 2,
      },
    );
    expect(mails).toHaveLength(2);
    // Nothing in them says a hold was ever asked for.
    for (const mail of mails)
      expect(`${mail.mail.subject} ${mail.mail.text}`).not.toMatch(/hold|held|retenid/i);

    const audit = (await listAuditRecords(hub.db, { limit: 100_000 })).filter((r) =>
      r.reason.includes(hold.holdId),
    );
    expect(audit.map((r) => [r.action, r.outcome])).toEqual([
      ['safetyHold.place', 'recorded'],
      ['safetyHold.release', 'recorded'],
    ]);
    expect(audit[0]!.actor).toContain('county-jail');
    expect(audit[0]!.reason).toContain('reason endangers_victim');
    expect(audit[1]!.actor).toContain('supervisor');
  });

  it('holds one registration alone, and lets its notice go when the hold lapses', async () => {
    const subject = uniqueSubject();
    const held = await hub.register(subject, {
      displayName: 'Ana Ruiz',
      email: `ana.${subject}@example.test`,
    });
    await hub.register(subject, { displayName: 'Ben Ode', email: `ben.${subject}@example.test` });
    const event = custodyRelease('county-jail', subject);
    await api.as.coordinator.safetyHold.place.mutate({
      agencyId: 'county-jail',
      eventId: event.id,
      registrationIds: [held],
      reason: 'law_enforcement_operation',
      until: new Date(Date.now() + 6000),
    });
    await hub.publish('county-jail', event);
    const [toBen] = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`,
    );
    expect(toBen!.mail.to && JSON.stringify(toBen!.mail.to)).toContain('ben.');
    const row = (await findCaseEvent(hub.db, 'county-jail', event.id))!;
    expect(await stateOf(row.id, held)).toBe('held-for-safety');
    // At its end the hold lapses and the held notice goes, with nobody having to act.
    const both = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`,
      {
        count: 2,
        timeoutMs: 20_000,
      },
    );
    expect(JSON.stringify(both.map((m) => m.mail.to))).toContain('ana.');
    // A hold placed now, after the notices went, says so.
    const late = await api.as.agency('county-jail').safetyHold.place.mutate({
      eventId: event.id,
      reason: 'endangers_victim',
    });
    expect(late.alreadyTold).toBe(2);
  });

  it('refuses a hold without a listed reason, past the maximum, on another agency’s event or registrations, and changes nothing', async () => {
    const before = (await hub.db.selectFrom('safety_hold').select('id').execute()).length;
    const jail = api.as.agency('county-jail');
    await expect(
      jail.safetyHold.place.mutate({ eventId: 'evt-x', reason: 'because' as never }),
    ).rejects.toThrow('say why, with one of');
    await expect(
      jail.safetyHold.place.mutate({
        eventId: 'evt-x',
        reason: 'endangers_victim',
        until: new Date(Date.now() + 169 * 3_600_000),
      }),
    ).rejects.toThrow('at most 168 hours');
    await expect(
      jail.safetyHold.place.mutate({
        agencyId: 'riverside-court',
        eventId: 'evt-x',
        reason: 'endangers_victim',
      }),
    ).rejects.toThrow();
    const courtRegistration = await hub.register(
      uniqueSubject(),
      { displayName: 'Cy Court', email: 'cy.court@example.test' },
      'riverside-court',
    );
    await expect(
      jail.safetyHold.place.mutate({
        eventId: 'evt-x',
        reason: 'endangers_victim',
        registrationIds: [courtRegistration],
      }),
    ).rejects.toThrow("not registrations for county-jail's references");
    expect((await hub.db.selectFrom('safety_hold').select('id').execute()).length).toBe(before);
    const refusals = (await listAuditRecords(hub.db, { limit: 100_000 })).filter(
      (r) => r.action === 'safetyHold.place' && r.outcome === 'refused',
    );
    expect(refusals.map((r) => r.reason).join('\n')).toContain('at most 168 hours');
    // The court cannot renew or see the jail's holds.
    const jailHold = await jail.safetyHold.place.mutate({
      eventId: 'evt-y',
      reason: 'information_being_verified',
    });
    await expect(
      api.as.agency('riverside-court').safetyHold.renew.mutate({
        holdId: jailHold.holdId,
        until: new Date(Date.now() + 3_600_000),
        reason: 'endangers_victim',
      }),
    ).rejects.toThrow('no hold');
    expect((await api.as.agency('riverside-court').safetyHold.list.query({})).holds).toEqual([]);
    const renewed = await jail.safetyHold.renew.mutate({
      holdId: jailHold.holdId,
      until: new Date(Date.now() + 100 * 3_600_000),
      reason: 'endangers_victim',
    });
    expect(Date.parse(renewed.endsAt)).toBeGreaterThan(Date.parse(jailHold.endsAt));
  });
});
