import { createAgencyClient } from '@switchboard/agency-sdk';
import { findCaseEvent } from '@switchboard/db';
import { type CaseEventType, catalogueTypes } from '@switchboard/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogueSamples, RETRACTED_SAMPLE } from './harness/catalogue-samples';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

/** Every type: built by the SDK, signed, published, accepted, stored, findable in Temporal by type. */
describe('the whole event catalogue round-trips', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('covers every catalogue type with a sample', () => {
    expect(Object.keys(catalogueSamples).sort()).toEqual(catalogueTypes().sort());
  });

  it.each(catalogueTypes())('%s', async (type: CaseEventType) => {
    const sample = catalogueSamples[type];
    const agency = createAgencyClient({ agencyId: sample.publisher, key: hub.keys.get(sample.publisher)! });
    const subject = uniqueSubject();
    if (type === 'feed.retraction') {
      const heartbeat = agency.build('feed.heartbeat', { subject, data: { pending: 0 } });
      const withdrawn = { ...heartbeat, id: `${RETRACTED_SAMPLE}-${subject}` };
      await agency.publishOverNats(hub.nc, withdrawn, { prefix: hub.names.prefix });
    }
    const data = sample.data() as Record<string, unknown>;
    if (type === 'feed.retraction') data.retracts = `${RETRACTED_SAMPLE}-${subject}`;
    const event = agency.build(type, { subject, data: data as never });

    const outcome = await agency.publishOverNats(hub.nc, event, { prefix: hub.names.prefix });
    expect(outcome).toMatchObject({ kind: 'receipt', receipt: { outcome: 'accepted', eventId: event.id } });

    const stored = await findCaseEvent(hub.db, sample.publisher, event.id);
    expect(stored).toMatchObject({ type, subject_ref: subject, data_version: 1, family: type.split('.')[0] });

    const query = `EventType="${type}" AND SubjectRef="${subject}" AND AgencyId="${sample.publisher}"`;
    await expect.poll(() => hub.workflowIds(query), { timeout: 15_000 }).toEqual([stored!.workflow_id]);
  });
});
