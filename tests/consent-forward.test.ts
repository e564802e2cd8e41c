import { createHash, randomUUID } from 'node:crypto';
import { onboardAgency } from '@switchboard/agencies';
import { signClientAssertion } from '@switchboard/agency-sdk';
import type { NatsConnection } from '@switchboard/bus';
import { type ForwardedCaseEvent, forwardCaseEvent } from '@switchboard/consent';
import { listAuditRecords, recordCaseEvent } from '@switchboard/db';
import { generateAgencyKey } from '@switchboard/event-signature';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

const notice = createHash('sha256').update('Your advocate will hear of changes in custody').digest('hex');
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

/** Collects what arrives on one agency's feed, as the agency's own subscriber would. */
function listen(nc: NatsConnection, subject: string) {
  const received: ForwardedCaseEvent[] = [];
  const sub = nc.subscribe(subject);
  (async () => {
    for await (const message of sub) received.push(message.json<ForwardedCaseEvent>());
  })();
  return { received, raw: () => JSON.stringify(received), stop: () => sub.unsubscribe() };
}

async function until<T>(probe: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A release published by the jail reaches the victim's advocate and the prosecutor's unit on
 * their own feeds, each carrying only what that agency's consent allows, never the victim's data
 * itself; a revoked consent stops the very next forward.
 */
describe('case events forwarded under consent', () => {
  let hub: TestHub;
  let api: TestApi;
  const shelter = { id: `dv-${randomUUID().slice(0, 8)}` };
  const prosecutor = { id: `da-${randomUUID().slice(0, 8)}` };
  let shelterKey: Awaited<ReturnType<typeof generateAgencyKey>>;
  let caseRef: string;
  let registrantId: string;
  let shelterConsent: string;
  let prosecutorConsent: string;

  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
    shelterKey = await generateAgencyKey();
    await onboardAgency(
      { db: hub.db },
      { id: shelter.id, name: 'Harbour House', kind: 'community_advocate', publicJwk: shelterKey.publicJwk },
    );
    await onboardAgency(
      { db: hub.db },
      {
        id: prosecutor.id,
        name: 'District Attorney, Victim-Witness Unit',
        kind: 'prosecutor',
        publicJwk: (await generateAgencyKey()).publicJwk,
      },
    );
    caseRef = uniqueSubject();
    const registrationId = await hub.register(caseRef, {
      displayName: 'Ana Reyes',
      email: 'ana@example.test',
    });
    registrantId = await hub.registrantOf(registrationId);
    await api.as.registrant(registrantId).consent.recordDetail.mutate({
      registrantId,
      field: 'safety_concerns',
      value: 'He knows her workplace',
      heldBy: 'community_advocate',
    });
    const grant = (agencyId: string, extra: Record<string, unknown>) =>
      api.as.registrant(registrantId).consent.grant.mutate({
        registrantId,
        recipientAgencyId: agencyId,
        fields: ['name', 'safety_concerns'],
        caseRef,
        expiresAt: inAMonth(),
        noticeHash: notice,
        ...extra,
      } as never);
    shelterConsent = (
      await grant(shelter.id, {
        purpose: 'safety_planning',
        regime: 'community_advocate',
        fields: ['name', 'contact_channels', 'safety_concerns'],
        deniedFields: ['address'],
      })
    ).consentId;
    prosecutorConsent = (await grant(prosecutor.id, { purpose: 'prosecution', regime: 'systems_advocate' }))
      .consentId;
    // A consent to the publisher itself: it knows its own event, nothing goes back to it.
    await grant('county-jail', { purpose: 'victim_notification', regime: 'law_enforcement' });
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const forwardsAudited = async (consentId: string) =>
    (await listAuditRecords(hub.db, { limit: 100_000 })).filter(
      (r) => r.action === 'disclosure.forward' && r.consent_id === consentId,
    );

  it('forwards a release to each consented agency with only the fields its consent allows, and no personal data', async () => {
    const toShelter = listen(hub.nc, hub.names.agencyFeed(shelter.id));
    const toProsecutor = listen(hub.nc, hub.names.agencyFeed(prosecutor.id));
    const toJail = listen(hub.nc, hub.names.agencyFeed('county-jail'));
    try {
      const event = custodyRelease('county-jail', caseRef);
      expect(await hub.publish('county-jail', event)).toMatchObject({ receipt: { outcome: 'accepted' } });
      const atShelter = await until(() => toShelter.received[0], "the shelter's forward");
      const atProsecutor = await until(() => toProsecutor.received[0], "the prosecutor's forward");

      expect(atShelter.caseEvent).toMatchObject({
        id: event.id,
        agencyId: 'county-jail',
        type: 'custody.released',
        subject: caseRef,
        data: { reason: 'sentence_completed' },
      });
      expect(atShelter.consent).toEqual({
        id: shelterConsent,
        purpose: 'safety_planning',
        expiresAt: expect.any(String),
        fields: ['name', 'contact_channels', 'safety_concerns'],
        withheld: [],
      });
      // Held by a community advocate, consented to a systems agency in another regime: withheld.
      expect(atProsecutor.consent).toMatchObject({
        id: prosecutorConsent,
        fields: ['name'],
        withheld: ['safety_concerns'],
      });
      for (const feed of [toShelter, toProsecutor]) {
        expect(feed.raw()).not.toMatch(/Ana|Reyes|ana@example|workplace/);
        expect(feed.received).toHaveLength(1);
      }
      expect(toJail.received).toHaveLength(0);
      expect(await forwardsAudited(prosecutorConsent)).toEqual([
        expect.objectContaining({ actor: 'hub', outcome: 'allowed', fields: ['name'] }),
      ]);
      expect((await forwardsAudited(prosecutorConsent))[0]!.reason).toContain('withheld safety_concerns');

      // The values come from a consent-checked read, by the agency the forward named.
      const assertion = () =>
        signClientAssertion({ agencyId: shelter.id, key: shelterKey, audience: api.baseUrl });
      const tokens = (await (
        await fetch(`${api.baseUrl}/consent-tokens`, {
          headers: { authorization: `Bearer ${await assertion()}` },
        })
      ).json()) as { tokens: { consentId: string; token: string }[] };
      const token = tokens.tokens.find((t) => t.consentId === atShelter.consent.id)!.token;
      const read = await fetch(`${api.baseUrl}/disclosures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await assertion()}` },
        body: JSON.stringify({ consentToken: token, fields: atShelter.consent.fields }),
      });
      expect(await read.json()).toMatchObject({
        fields: { name: 'Ana Reyes', safety_concerns: 'He knows her workplace' },
      });
    } finally {
      toShelter.stop();
      toProsecutor.stop();
      toJail.stop();
    }
  });

  it('stops at once when a consent is revoked: the next event is refused for that agency and audited', async () => {
    await api.as
      .registrant(registrantId)
      .consent.revoke.mutate({ consentId: shelterConsent, by: 'registrant' });
    const toShelter = listen(hub.nc, hub.names.agencyFeed(shelter.id));
    const toProsecutor = listen(hub.nc, hub.names.agencyFeed(prosecutor.id));
    try {
      const event = custodyRelease('county-jail', caseRef, {
        type: 'custody.escaped',
        data: { escapedAt: new Date().toISOString(), facility: 'Riverside County Jail' },
      });
      expect(await hub.publish('county-jail', event)).toMatchObject({ receipt: { outcome: 'accepted' } });
      await until(() => toProsecutor.received.find((f) => f.caseEvent.id === event.id), 'the escape forward');
      const refusal = (await forwardsAudited(shelterConsent)).at(-1)!;
      expect(refusal).toMatchObject({ outcome: 'refused', fields: [] });
      expect(refusal.reason).toContain('custody.escaped');
      expect(refusal.reason).toContain('consent revoked');
      expect(toShelter.received).toHaveLength(0);
    } finally {
      toShelter.stop();
      toProsecutor.stop();
    }
  });

  it('decides and audits each forward once, and a retry publishes only what the feed has not taken', async () => {
    const { row } = await recordCaseEvent(hub.db, {
      agencyId: 'county-jail',
      family: 'custody',
      orderingKey: 'custody',
      urgency: 'high',
      eventId: `evt-retry-${randomUUID()}`,
      type: 'custody.transferred',
      version: 1,
      subjectRef: caseRef,
      occurredAt: new Date(),
      data: { toFacility: 'State Prison, North Facility' },
      workflowId: 'not-started',
    });
    const audited = async () => (await forwardsAudited(prosecutorConsent)).length;
    const before = await audited();
    // The feed is down on the first try: decided and audited, not published.
    await expect(
      forwardCaseEvent(
        {
          db: hub.db,
          publish: async () => {
            throw new Error('feed unavailable');
          },
        },
        row,
      ),
    ).rejects.toThrow('feed unavailable');
    expect(await audited()).toBe(before + 1);
    const published: string[] = [];
    const publish = async (agencyId: string, forward: ForwardedCaseEvent) => {
      published.push(`${agencyId} ${forward.id}`);
    };
    expect(await forwardCaseEvent({ db: hub.db, publish }, row)).toMatchObject({ forwarded: 1 });
    expect(await forwardCaseEvent({ db: hub.db, publish }, row)).toMatchObject({ forwarded: 0 });
    expect(published).toEqual([`${prosecutor.id} ${row.id}:${prosecutorConsent}`]);
    expect(await audited()).toBe(before + 1);
  });
});
