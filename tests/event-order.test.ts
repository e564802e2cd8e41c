import { findCaseEvent } from '@switchboard/db';
import { header, readMailbox, waitForMessages } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/** Out-of-order arrival is resolved by event time, within one subject and one family. */
describe('events arriving out of order', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('stores a transfer that arrives after the later release, and tells nobody old news', async () => {
    const subject = uniqueSubject();
    await hub.register(subject);
    const released = custodyRelease('county-jail', subject, {
      time: new Date(Date.now() - 60_000).toISOString(),
    });
    const transferredEarlier = {
      ...custodyRelease('county-jail', subject, { time: new Date(Date.now() - 3_600_000).toISOString() }),
      type: 'custody.transferred',
      data: {
        transferredAt: new Date(Date.now() - 3_600_000).toISOString(),
        fromFacility: 'North',
        toFacility: 'County Jail',
      },
    };

    expect(await hub.publish('county-jail', released)).toMatchObject({ receipt: { outcome: 'accepted' } });
    expect(await hub.publish('county-jail', transferredEarlier)).toMatchObject({
      receipt: { outcome: 'accepted' },
    });

    const releaseRow = await findCaseEvent(hub.db, 'county-jail', released.id);
    const transferRow = await findCaseEvent(hub.db, 'county-jail', transferredEarlier.id);
    expect(releaseRow!.superseded_by).toBeNull();
    expect(transferRow!.superseded_by).toBe(releaseRow!.id);

    const result = await hub.temporal.workflow.getHandle(transferRow!.workflow_id).result();
    expect(result).toEqual({ notified: 0, skipped: 'superseded' });
    await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${released.id}`,
    );
    const forTransfer = (await readMailbox(hub.mailDir)).filter(
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${transferredEarlier.id}`,
    );
    expect(forTransfer).toHaveLength(0);
  });

  it('keeps families apart: a late court event is not silenced by a newer custody event', async () => {
    const subject = uniqueSubject();
    const release = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', release);
    const hearing = {
      ...custodyRelease('riverside-court', subject, { time: new Date(Date.now() - 3_600_000).toISOString() }),
      type: 'court.hearing_scheduled',
      data: {
        hearingId: 'H-1',
        hearingType: 'bail',
        scheduledFor: new Date(Date.now() + 86_400_000).toISOString(),
        court: 'Dept 3',
      },
    };
    expect(await hub.publish('riverside-court', hearing)).toMatchObject({ receipt: { outcome: 'accepted' } });
    expect((await findCaseEvent(hub.db, 'riverside-court', hearing.id))!.superseded_by).toBeNull();
  });
});
