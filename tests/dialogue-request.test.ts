import { createHash } from 'node:crypto';
import { onboardAgency } from '@switchboard/agencies';
import { generateAgencyKey } from '@switchboard/event-signature';
import { dialogueRequestWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Victim–offender dialogue over the real services: started by the victim alone, under a consent to
 * the programme; screened before the offender side is asked; ended by either side at any moment,
 * the victim told only that it ended; nobody else sees it; its Temporal history holds no words.
 */
describe('dialogue requests', () => {
  let hub: TestHub;
  let api: TestApi;
  const programme = 'restore-riverside';

  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
    const key = await generateAgencyKey();
    await onboardAgency(
      { db: hub.db },
      {
        id: programme,
        name: 'Riverside Restorative Justice',
        kind: 'restorative_programme',
        publicJwk: key.publicJwk,
      },
    );
    hub.keys.set(programme, key as never);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  /** A victim registered for a case, signed in, with a consent to the programme to reach them. */
  async function victim(name: string, subject = uniqueSubject(), families?: string[]) {
    const registrationId = await hub.register(subject, {
      displayName: name,
      email: `${name.toLowerCase()}.${subject}@example.test`,
    });
    const registrantId = await hub.registrantOf(registrationId);
    const client = api.as.registrant(registrantId);
    if (families) await client.registration.update.mutate({ registrationId, families: families as never });
    const { consentId } = await client.consent.grant.mutate({
      registrantId,
      recipientAgencyId: programme,
      purpose: 'victim_services',
      fields: ['name', 'contact_channels'],
      caseRef: subject,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      regime: 'community_advocate',
      noticeHash: createHash('sha256').update('notice').digest('hex'),
    });
    return { registrationId, registrantId, client, consentId, subject };
  }

  it('is started by the victim, screened, put to the offender side, and ended: the victim sees only that it ended', async () => {
    const maya = await victim('Maya');
    const other = await victim('Lee', maya.subject); // another victim of the same case
    const asked = await maya.client.dialogue.request.mutate({
      registrationId: maya.registrationId,
      programmeAgencyId: programme,
      consentId: maya.consentId,
    });
    expect(asked.view).toBe('with_programme');

    const asProgramme = api.as.agency(programme);
    const theirs = (await asProgramme.dialogue.forProgramme.query()).requests.find(
      (r) => r.requestId === asked.requestId,
    );
    expect(theirs).toMatchObject({
      state: 'screening',
      caseAgencyId: 'county-jail',
      subjectRef: maya.subject,
    });

    // The offender side cannot be asked before screening.
    await expect(
      asProgramme.dialogue.offenderAnswer.mutate({ requestId: asked.requestId, answer: 'agreed' }),
    ).rejects.toThrow('does not fit a request that is screening');
    expect(
      await asProgramme.dialogue.screen.mutate({ requestId: asked.requestId, outcome: 'proceed' }),
    ).toMatchObject({
      state: 'offender_asked',
    });
    expect((await maya.client.dialogue.mine.query()).requests[0]).toMatchObject({ view: 'in_progress' });
    await asProgramme.dialogue.offenderAnswer.mutate({ requestId: asked.requestId, answer: 'declined' });
    const mine = (await maya.client.dialogue.mine.query()).requests;
    expect(mine).toEqual([expect.objectContaining({ requestId: asked.requestId, view: 'ended' })]);
    expect(JSON.stringify(mine)).not.toMatch(/declin|offender/);

    // Nobody else: the other victim of the case, the jail, another agency.
    expect((await other.client.dialogue.mine.query()).requests).toEqual([]);
    expect((await api.as.agency('county-jail').dialogue.forProgramme.query()).requests).toEqual([]);
    await expect(
      api.as.agency('county-jail').dialogue.screen.mutate({ requestId: asked.requestId, outcome: 'proceed' }),
    ).rejects.toThrow('no dialogue request');
    await expect(other.client.dialogue.withdraw.mutate({ requestId: asked.requestId })).rejects.toThrow(
      'no dialogue request',
    );

    // Its workflow's history: identifiers and states, no name, no case words.
    const history = await hub.temporal.workflow
      .getHandle(dialogueRequestWorkflowId(asked.requestId))
      .fetchHistory();
    expect(JSON.stringify(history)).not.toContain('Maya');
  });

  it('lets the victim withdraw at any moment; the programme sees it withdrawn and can do nothing more', async () => {
    const ana = await victim('Ana');
    const { requestId } = await ana.client.dialogue.request.mutate({
      registrationId: ana.registrationId,
      programmeAgencyId: programme,
      consentId: ana.consentId,
    });
    const asProgramme = api.as.agency(programme);
    await asProgramme.dialogue.screen.mutate({ requestId, outcome: 'proceed' });
    await asProgramme.dialogue.offenderAnswer.mutate({ requestId, answer: 'agreed' });
    expect(await ana.client.dialogue.withdraw.mutate({ requestId })).toEqual({
      requestId,
      view: 'withdrawn',
    });
    expect(
      (await asProgramme.dialogue.forProgramme.query()).requests.find((r) => r.requestId === requestId)
        ?.state,
    ).toBe('withdrawn_by_victim');
    await expect(asProgramme.dialogue.conclude.mutate({ requestId })).rejects.toThrow('already ended');
    await expect(ana.client.dialogue.withdraw.mutate({ requestId })).rejects.toThrow('already ended');
  });

  it('is started by nobody but the victim, and only with what it needs', async () => {
    const bo = await victim('Bo');
    const input = {
      registrationId: bo.registrationId,
      programmeAgencyId: programme,
      consentId: bo.consentId,
    };
    // Not an agency, not staff, not another registrant, not anyone unsigned.
    await expect(api.as.agency(programme).dialogue.request.mutate(input)).rejects.toThrow();
    await expect(api.as.coordinator.dialogue.request.mutate(input)).rejects.toThrow();
    await expect(api.trpc.dialogue.request.mutate(input)).rejects.toThrow();
    const cy = await victim('Cy');
    await expect(cy.client.dialogue.request.mutate(input)).rejects.toThrow('no such registration of yours');
    // Not to an agency that is no restorative programme; not without a consent that lets it reach them.
    await expect(
      bo.client.dialogue.request.mutate({ ...input, programmeAgencyId: 'county-jail' }),
    ).rejects.toThrow('not a restorative programme');
    await bo.client.consent.revoke.mutate({ consentId: bo.consentId });
    await expect(bo.client.dialogue.request.mutate(input)).rejects.toThrow('needs your consent in force');
    // Not for a registration that did not choose restorative information.
    const dee = await victim('Dee', uniqueSubject(), ['custody']);
    await expect(
      dee.client.dialogue.request.mutate({
        registrationId: dee.registrationId,
        programmeAgencyId: programme,
        consentId: dee.consentId,
      }),
    ).rejects.toThrow('choose restorative justice information');
    expect(
      await hub.db
        .selectFrom('dialogue_request')
        .select('id')
        .where('registration_id', 'in', [bo.registrationId, dee.registrationId])
        .execute(),
    ).toEqual([]);
  });

  it('may be asked through the advocate the registration names with the victim’s agreement, and by no other', async () => {
    const subject = uniqueSubject();
    const advocate = {
      displayName: 'Riley Okafor',
      email: `riley.${subject}@harbour.example`,
      organisation: 'Harbour House',
    };
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: subject,
      displayName: 'Kai',
      email: `kai.${subject}@example.test`,
      advocate,
      onBehalf: { agreementObtainedAt: new Date().toISOString(), agreementMethod: 'in_person' },
    });
    const registrantId = enrolment.registrantId;
    const { consentId } = await api.as.registrant(registrantId).consent.grant.mutate({
      registrantId,
      recipientAgencyId: programme,
      purpose: 'victim_services',
      fields: ['contact_channels'],
      caseRef: subject,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      regime: 'community_advocate',
      noticeHash: createHash('sha256').update('notice').digest('hex'),
    });
    const input = { registrationId: enrolment.registrationId, programmeAgencyId: programme, consentId };
    await expect(
      api.as.advocate(`someone.else.${subject}@harbour.example`).dialogue.request.mutate(input),
    ).rejects.toThrow('names you as advocate');
    const asked = await api.as.advocate(advocate.email.toLowerCase()).dialogue.request.mutate(input);
    expect(asked.view).toBe('with_programme');
    expect((await api.as.registrant(registrantId).dialogue.mine.query()).requests).toEqual([
      expect.objectContaining({ requestId: asked.requestId }),
    ]);
  });
});
