import { linkSubjects } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * The apology-letter bank over the real services: a prison deposits; only a victim who chose
 * restorative information learns a letter is held; asked for, it is released and read, sealed at
 * rest; while a no-contact order stands it waits for screening and may be withheld.
 */
describe('apology letters', () => {
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

  async function victim(name: string, subject: string, families?: string[]) {
    const registrationId = await hub.register(subject, {
      displayName: name,
      email: `${name.toLowerCase()}.${subject}@example.test`,
    });
    const client = api.as.registrant(await hub.registrantOf(registrationId));
    if (families) await client.registration.update.mutate({ registrationId, families: families as never });
    return { registrationId, client };
  }

  it('tells only a victim who chose restorative information, and releases the letter they ask for', async () => {
    const subject = uniqueSubject();
    const wants = await victim('Nia', subject);
    const doesNot = await victim('Oscar', subject, ['custody', 'court']);
    await hub.transferredToPrison(subject);
    const words = 'I am sorry for what I did to you. I think about it every day.';
    await expect(
      api.as.agency('county-jail').letters.deposit.mutate({ subjectRef: subject, text: words }),
    ).rejects.toThrow('only a prison or community-corrections agency');
    const { letterId } = await api.as
      .agency('state-prison')
      .letters.deposit.mutate({ subjectRef: subject, text: words });

    expect((await doesNot.client.letters.mine.query()).letters).toEqual([]);
    expect((await wants.client.letters.mine.query()).letters).toEqual([
      expect.objectContaining({ letterId, state: 'held', fromAgencyName: 'State Prison, North Facility' }),
    ]);
    await expect(
      wants.client.letters.read.query({ letterId, registrationId: wants.registrationId }),
    ).rejects.toThrow('no letter released');
    await expect(
      doesNot.client.letters.ask.mutate({ letterId, registrationId: doesNot.registrationId }),
    ).rejects.toThrow('choose restorative justice information');
    expect(await wants.client.letters.ask.mutate({ letterId, registrationId: wants.registrationId })).toEqual(
      {
        state: 'released',
      },
    );
    expect(await wants.client.letters.read.query({ letterId, registrationId: wants.registrationId })).toEqual(
      {
        text: words,
      },
    );
    // Someone else's registration, even knowing both ids, reads nothing.
    await expect(
      doesNot.client.letters.read.query({ letterId, registrationId: wants.registrationId }),
    ).rejects.toThrow('no such registration of yours');
    const stored = await hub.db
      .selectFrom('apology_letter')
      .select('text_sealed')
      .where('id', '=', letterId)
      .executeTakeFirstOrThrow();
    expect(stored.text_sealed).not.toContain('sorry');
  });

  it('holds a letter for screening while a no-contact order stands; withheld with a reason, or released', async () => {
    const subject = uniqueSubject();
    const rae = await victim('Rae', subject);
    await hub.transferredToPrison(subject);
    await linkSubjects(
      hub.db,
      { agencyId: 'county-jail', subjectRef: subject },
      { agencyId: 'riverside-court', subjectRef: subject },
      'test: the court case of this booking',
    );
    const now = new Date().toISOString();
    await hub.publish('riverside-court', {
      specversion: '1.0',
      id: `evt-order-${subject}`,
      source: agencySource('riverside-court'),
      type: 'protective_order.issued',
      subject,
      time: now,
      data: {
        orderId: `PO-${subject}`,
        orderType: 'final',
        issuedAt: now,
        court: 'Riverside Superior Court',
        noContact: true,
      },
    });
    const prison = api.as.agency('state-prison');
    const first = await prison.letters.deposit.mutate({
      subjectRef: subject,
      text: 'You will hear from me when I am out.',
    });
    const second = await prison.letters.deposit.mutate({ subjectRef: subject, text: 'I am sorry.' });
    for (const { letterId } of [first, second])
      expect(await rae.client.letters.ask.mutate({ letterId, registrationId: rae.registrationId })).toEqual({
        state: 'screening',
      });
    await expect(
      rae.client.letters.read.query({ letterId: first.letterId, registrationId: rae.registrationId }),
    ).rejects.toThrow('no letter released');

    // The victim cannot screen their own letter; a coordinator must give a listed reason to withhold.
    await expect(
      rae.client.letters.screen.mutate({
        letterId: first.letterId,
        registrationId: rae.registrationId,
        decision: 'release',
      }),
    ).rejects.toThrow();
    await expect(
      api.as.coordinator.letters.screen.mutate({
        letterId: first.letterId,
        registrationId: rae.registrationId,
        decision: 'withhold',
      }),
    ).rejects.toThrow('say why');
    await api.as.coordinator.letters.screen.mutate({
      letterId: first.letterId,
      registrationId: rae.registrationId,
      decision: 'withhold',
      reason: 'victim_safety',
    });
    await api.as.coordinator.letters.screen.mutate({
      letterId: second.letterId,
      registrationId: rae.registrationId,
      decision: 'release',
    });
    const mine = (await rae.client.letters.mine.query()).letters;
    expect(mine.find((l) => l.letterId === first.letterId)).toMatchObject({
      state: 'withheld',
      withheldReason: 'victim_safety',
    });
    await expect(
      rae.client.letters.read.query({ letterId: first.letterId, registrationId: rae.registrationId }),
    ).rejects.toThrow('no letter released');
    expect(
      await rae.client.letters.read.query({ letterId: second.letterId, registrationId: rae.registrationId }),
    ).toEqual({
      text: 'I am sorry.',
    });
  });

  it('sends a letter to screening when the case is flagged as intimate-partner violence', async () => {
    const subject = uniqueSubject();
    const sam = await victim('Sam', subject);
    await hub.transferredToPrison(subject);
    // Only the agency whose reference it is (or a coordinator, saying why) flags it.
    await expect(
      api.as.agency('state-prison').subject.flag.mutate({
        agencyId: 'county-jail',
        subjectRef: subject,
        flag: 'intimate_partner_violence',
        on: true,
      }),
    ).rejects.toThrow();
    await expect(
      api.as.coordinator.subject.flag.mutate({
        agencyId: 'county-jail',
        subjectRef: subject,
        flag: 'intimate_partner_violence',
        on: true,
      }),
    ).rejects.toThrow('say why');
    expect(
      await api.as.agency('county-jail').subject.flag.mutate({
        subjectRef: subject,
        flag: 'intimate_partner_violence',
        on: true,
      }),
    ).toEqual({ changed: true });
    const { letterId } = await api.as
      .agency('state-prison')
      .letters.deposit.mutate({ subjectRef: subject, text: 'Sorry.' });
    expect(await sam.client.letters.ask.mutate({ letterId, registrationId: sam.registrationId })).toEqual({
      state: 'screening',
    });
  });

  it('keeps a scanned letter (a PDF or an image, checked by its first bytes) and gives it back as deposited', async () => {
    const subject = uniqueSubject();
    const lia = await victim('Lia', subject);
    await hub.transferredToPrison(subject);
    const prison = api.as.agency('state-prison');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 32)]).toString('base64');
    await expect(
      prison.letters.deposit.mutate({ subjectRef: subject, scan: { type: 'image/png', base64: pdf } }),
    ).rejects.toThrow('not a image/png file');
    await expect(prison.letters.deposit.mutate({ subjectRef: subject })).rejects.toThrow(
      'as text or as a scan',
    );
    const { letterId } = await prison.letters.deposit.mutate({
      subjectRef: subject,
      scan: { type: 'application/pdf', base64: pdf },
    });
    await lia.client.letters.ask.mutate({ letterId, registrationId: lia.registrationId });
    expect(await lia.client.letters.read.query({ letterId, registrationId: lia.registrationId })).toEqual({
      scan: { type: 'application/pdf', base64: pdf },
    });
    const stored = await hub.db
      .selectFrom('apology_letter')
      .select('text_sealed')
      .where('id', '=', letterId)
      .executeTakeFirstOrThrow();
    expect(stored.text_sealed).not.toContain(pdf.slice(0, 12));
  });
});
