import { createHash } from 'node:crypto';
import { onboardAgency } from '@switchboard/agencies';
import { generateAgencyKey } from '@switchboard/event-signature';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Help beyond notices over the real services: the directory where someone is, a compensation check
 * that keeps nothing, and a referral the victim sends under a consent, acknowledged by the advocate
 * agency, its status seen by the victim; refused without consent or to an agency that takes none.
 */
describe('help beyond notices', () => {
  let hub: TestHub;
  let api: TestApi;
  const shelter = 'harbour-house-help';
  beforeAll(async () => {
    hub = await startHub(inject('services'), { worker: false });
    api = await startApi(hub);
    const key = await generateAgencyKey();
    await onboardAgency(
      { db: hub.db },
      { id: shelter, name: 'Harbour House', kind: 'community_advocate', publicJwk: key.publicJwk },
    );
    hub.keys.set(shelter, key as never);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  it('lists the services where someone is, and checks compensation without keeping the answers', async () => {
    const { services, compensationStates } = await api.trpc.help.directory.query({
      where: 'US-CA-Riverside',
    });
    expect(services.map((s) => s.id)).toEqual(expect.arrayContaining(['us-ndvh', 'ca-calvcb']));
    expect(compensationStates).toContain('US-CA');
    const recent = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const check = await api.trpc.help.compensationCheck.query({
      state: 'US-CA',
      crimeDate: recent,
      reported: true,
      cooperating: true,
      expenses: ['medical'],
    });
    expect(check).toMatchObject({ outcome: 'likely', reasons: [], programme: { id: 'ca-calvcb' } });
    const old = await api.trpc.help.compensationCheck.query({
      state: 'US-CA',
      crimeDate: '2010-01-01',
      reported: false,
      cooperating: true,
      expenses: ['medical'],
    });
    expect(old).toMatchObject({ outcome: 'ask', reasons: ['past_deadline', 'not_reported'] });
    await expect(
      api.trpc.help.compensationCheck.query({
        state: 'US-ZZ',
        crimeDate: recent,
        reported: true,
        cooperating: true,
        expenses: [],
      }),
    ).rejects.toThrow('no compensation rules for US-ZZ');
  });

  it('sends a referral under the victim’s consent, which the agency acknowledges and the victim sees', async () => {
    const subject = uniqueSubject();
    const registrationId = await hub.register(subject, {
      displayName: 'Sol Reyes',
      email: `sol.${subject}@example.test`,
    });
    const registrantId = await hub.registrantOf(registrationId);
    const victim = api.as.registrant(registrantId);
    const input = { registrationId, agencyId: shelter, help: 'shelter' as const };

    await expect(victim.help.refer.mutate({ ...input, consentId: crypto.randomUUID() })).rejects.toThrow(
      'needs your consent in force',
    );
    const { consentId } = await victim.consent.grant.mutate({
      registrantId,
      recipientAgencyId: shelter,
      purpose: 'victim_services',
      fields: ['contact_channels'],
      caseRef: subject,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      regime: 'community_advocate',
      noticeHash: createHash('sha256').update('notice').digest('hex'),
    });
    await expect(victim.help.refer.mutate({ ...input, agencyId: 'county-jail', consentId })).rejects.toThrow(
      'does not take referrals',
    );
    await expect(api.as.agency(shelter).help.refer.mutate({ ...input, consentId })).rejects.toThrow();
    const sent = await victim.help.refer.mutate({ ...input, consentId });
    expect(sent).toMatchObject({ state: 'sent', agencyName: 'Harbour House' });

    const theirs = (await api.as.agency(shelter).help.referralsToUs.query()).referrals;
    expect(theirs).toEqual([
      expect.objectContaining({ referralId: sent.referralId, consentId, help: 'shelter' }),
    ]);
    expect((await api.as.agency('county-jail').help.referralsToUs.query()).referrals).toEqual([]);
    await expect(
      api.as
        .agency('county-jail')
        .help.moveReferral.mutate({ referralId: sent.referralId, to: 'acknowledged' }),
    ).rejects.toThrow('no referral');
    await api.as
      .agency(shelter)
      .help.moveReferral.mutate({ referralId: sent.referralId, to: 'acknowledged' });
    expect((await victim.help.myReferrals.query()).referrals[0]).toMatchObject({
      referralId: sent.referralId,
      state: 'acknowledged',
    });
  });
});
