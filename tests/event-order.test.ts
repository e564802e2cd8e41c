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
    // The agency is told at once that this one will tell nobody, and which of its events stands.
    expect(await hub.publish('county-jail', transferredEarlier)).toMatchObject({
      receipt: { outcome: 'superseded', supersededBy: released.id },
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

  it('orders by what an event is about: a new hearing is news whatever the case’s latest court event, a stale update is not', async () => {
    const subject = uniqueSubject();
    await hub.register(
      subject,
      { displayName: 'Uma Vance', email: `uma.${subject}@example.test` },
      'riverside-court',
    );
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const courtEvent = (type: string, time: string, data: Record<string, unknown>) => ({
      ...custodyRelease('riverside-court', subject, { time }),
      type,
      data,
    });
    const trialMoved = courtEvent('court.hearing_rescheduled', at(5), {
      hearingId: 'TRIAL-1',
      previouslyScheduledFor: inDays(10),
      scheduledFor: inDays(20),
      court: 'Dept 3',
    });
    expect(await hub.publish('riverside-court', trialMoved)).toMatchObject({
      receipt: { outcome: 'accepted' },
    });
    // Entered earlier in the court's system, arriving later: a new plea hearing is still news.
    const plea = courtEvent('court.hearing_scheduled', at(30), {
      hearingId: 'PLEA-1',
      hearingType: 'plea',
      scheduledFor: inDays(3),
      court: 'Dept 3',
    });
    expect(await hub.publish('riverside-court', plea)).toMatchObject({ receipt: { outcome: 'accepted' } });
    await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `riverside-court/${plea.id}`,
    );
    // The trial's own older scheduling is old news about the trial.
    const staleTrial = courtEvent('court.hearing_scheduled', at(60), {
      hearingId: 'TRIAL-1',
      hearingType: 'trial',
      scheduledFor: inDays(10),
      court: 'Dept 3',
    });
    expect(await hub.publish('riverside-court', staleTrial)).toMatchObject({
      receipt: { outcome: 'superseded', supersededBy: trialMoved.id },
    });
    // Another agency's event on the same reference never silences this court's.
    const jailLater = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', jailLater);
    const pleaMoved = courtEvent('court.hearing_rescheduled', at(20), {
      hearingId: 'PLEA-1',
      previouslyScheduledFor: inDays(3),
      scheduledFor: inDays(4),
      court: 'Dept 3',
    });
    expect(await hub.publish('riverside-court', pleaMoved)).toMatchObject({
      receipt: { outcome: 'accepted' },
    });
  });
});
