import { findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { waitForMessages } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

const DESK = 'desk@switchboard.test';

/**
 * An address the receiving server refuses for good (the mailbox refuses `.invalid` domains with
 * 550, as a real server refuses an unknown mailbox): it is taken out of use at once, nothing is
 * retried against it, and the registrant's advocate and the coordinators are told.
 */
describe('a bounced email address', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(inject('services'), { settings: { coordinatorEmail: DESK } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('is disabled after the refusal, and a person is told who can reach the registrant another way', async () => {
    const subject = uniqueSubject();
    const registrationId = await hub.register(subject, {
      displayName: 'Kim Lost',
      email: 'kim@mailbox-gone.invalid',
      advocate: { displayName: 'Ana Ruiz', email: 'ana@safeharbor.test', organisation: 'Safe Harbor' },
    });
    const event = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', event);
    const row = await findCaseEvent(hub.db, 'county-jail', event.id);
    // The workflow ends: a refused address is not retried for ever.
    await hub.temporal.workflow.getHandle(row!.workflow_id).result();

    const [toAdvocate] = await waitForMessages(hub.mailDir, (m) =>
      JSON.stringify(m.mail.to).includes('ana@safeharbor'),
    );
    expect(toAdvocate!.mail.subject).toBe('We could not reach someone you support');
    expect(toAdvocate!.mail.text).toContain(registrationId);
    const [toDesk] = await waitForMessages(hub.mailDir, (m) => JSON.stringify(m.mail.to).includes(DESK));
    expect(toDesk!.mail.text).toContain(registrationId);
    expect(toDesk!.mail.text).not.toMatch(/Kim|mailbox-gone/);

    const contact = await hub.db
      .selectFrom('contact_point')
      .innerJoin('registration', 'registration.registrant_id', 'contact_point.registrant_id')
      .select('contact_point.disabled_at')
      .where('registration.id', '=', registrationId)
      .executeTakeFirstOrThrow();
    expect(contact.disabled_at).not.toBeNull();
    const deliveries = await listDeliveriesForCaseEvent(hub.db, row!.id);
    expect(
      deliveries.filter((d) => d.registration_id === registrationId && d.status === 'sent'),
    ).toHaveLength(0);

    // The next event does not try the address again.
    const next = custodyRelease('county-jail', subject, {
      type: 'custody.booked',
      data: { bookedAt: new Date().toISOString(), facility: 'Riverside County Jail' },
    });
    await hub.publish('county-jail', next);
    const nextRow = await findCaseEvent(hub.db, 'county-jail', next.id);
    await hub.temporal.workflow.getHandle(nextRow!.workflow_id).result();
    expect(
      (await listDeliveriesForCaseEvent(hub.db, nextRow!.id)).filter((d) => d.status === 'sent'),
    ).toHaveLength(0);
  });
});
