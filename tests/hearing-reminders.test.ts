import { agencySource } from '@switchboard/events';
import { header, readMailbox, type StoredMessage, waitForMessages } from '@switchboard/mailbox';
import { type HearingStatus, hearingWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Hearing reminders end to end, with "a week and a day before" shortened to 4 and 2 seconds: the
 * hearing's own workflow reminds, follows a reschedule and a cancellation, and ends with the outcome.
 */
describe('hearing reminders', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(inject('services'), { settings: { hearingRemindersSeconds: [4, 2] } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  let clock = Date.now();
  /** A court event; each one a little later in event time than the one before. */
  const courtEvent = (type: string, subject: string, data: Record<string, unknown>) => {
    clock = Math.max(Date.now(), clock + 1);
    return {
      specversion: '1.0',
      id: `evt-${type}-${Math.random().toString(36).slice(2, 10)}`,
      source: agencySource('riverside-court'),
      type,
      subject,
      time: new Date(clock).toISOString(),
      data,
    };
  };
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const mailsFor = async (subject: string) =>
    (await readMailbox(hub.mailDir)).filter((m) => (m.mail.text ?? '').includes(subject));
  const notice = (m: StoredMessage) => header(m, 'X-Switchboard-Notice');
  const calendarOf = (m: StoredMessage) =>
    m.mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8');
  const hearingResult = (hearingId: string) =>
    hub.temporal.workflow
      .getHandle(hearingWorkflowId('riverside-court', hearingId))
      .result() as Promise<HearingStatus>;

  it('sends the notice with an invite, reminds 4 s and 2 s before, and ends with the outcome', async () => {
    const subject = uniqueSubject();
    await hub.register(
      subject,
      { displayName: 'Robin Vale', email: 'robin.vale@example.test' },
      'riverside-court',
    );
    const hearingId = `H-${subject}`;
    const scheduledFor = inSeconds(6);
    await hub.publish(
      'riverside-court',
      courtEvent('court.hearing_scheduled', subject, {
        hearingId,
        hearingType: 'sentencing',
        scheduledFor,
        court: 'Riverside Superior Court',
        courtroom: 'Dept. 12',
      }),
    );
    const reminders = await waitForMessages(
      hub.mailDir,
      (m) => (m.mail.text ?? '').includes(subject) && notice(m) !== 'event',
      {
        count: 2,
        timeoutMs: 15_000,
      },
    );
    expect(reminders.map(notice)).toEqual(['reminder-4s', 'reminder-2s']);
    expect(reminders[0]!.mail.subject).toMatch(/^Reminder: hearing/);
    expect(reminders[0]!.mail.text).toContain('Dept. 12');

    const [scheduling] = (await mailsFor(subject)).filter((m) => notice(m) === 'event');
    const invite = calendarOf(scheduling!);
    expect(invite).toContain('METHOD:REQUEST');
    expect(invite).toContain(`UID:hearing-riverside-court-${hearingId}@switchboard`);
    expect(invite).toContain('LOCATION:Riverside Superior Court\\, Dept. 12');

    await hub.publish(
      'riverside-court',
      courtEvent('court.hearing_outcome', subject, { hearingId, outcome: 'held' }),
    );
    const status = await hearingResult(hearingId);
    expect(status.state).toBe('concluded');
    expect(status.remindersSent.map((r) => r.scheduledFor)).toEqual([scheduledFor, scheduledFor]);
  });

  it('moves the reminders with a reschedule, and a cancellation stops them', async () => {
    const subject = uniqueSubject();
    await hub.register(
      subject,
      { displayName: 'Kai Moreno', email: 'kai.moreno@example.test' },
      'riverside-court',
    );
    const moved = `H-${subject}-1`;
    const cancelled = `H-${subject}-2`;
    const first = inSeconds(8);
    await hub.publish(
      'riverside-court',
      courtEvent('court.hearing_scheduled', subject, {
        hearingId: moved,
        hearingType: 'trial',
        scheduledFor: first,
        court: 'Riverside Superior Court',
      }),
    );
    await hub.publish(
      'riverside-court',
      courtEvent('court.hearing_scheduled', subject, {
        hearingId: cancelled,
        hearingType: 'bail',
        scheduledFor: inSeconds(5),
        court: 'Riverside Superior Court',
      }),
    );
    const later = inSeconds(14);
    await hub.publish(
      'riverside-court',
      courtEvent('court.hearing_rescheduled', subject, {
        hearingId: moved,
        previouslyScheduledFor: first,
        scheduledFor: later,
        court: 'Riverside Superior Court',
      }),
    );
    await hub.publish(
      'riverside-court',
      courtEvent('court.hearing_cancelled', subject, { hearingId: cancelled, previouslyScheduledFor: first }),
    );

    const reminders = await waitForMessages(
      hub.mailDir,
      (m) => (m.mail.text ?? '').includes(subject) && notice(m) !== 'event',
      {
        count: 2,
        timeoutMs: 25_000,
      },
    );
    const publishedAt = Date.parse(later) - 14_000;
    // Both reminders are for the new date (10 s and 12 s in): none went out at the old one's (4 s, 6 s).
    expect(reminders.map(notice)).toEqual(['reminder-4s', 'reminder-2s']);
    expect(reminders[0]!.mail.date!.getTime()).toBeGreaterThanOrEqual(publishedAt + 9000);

    const cancelledStatus = await hearingResult(cancelled);
    expect(cancelledStatus).toMatchObject({ state: 'cancelled', remindersSent: [] });
    const withdrawal = (await mailsFor(subject)).find((m) => calendarOf(m)?.includes('METHOD:CANCEL'));
    expect(withdrawal, 'the cancellation notice withdraws the calendar entry').toBeDefined();

    await hub.publish(
      'riverside-court',
      courtEvent('court.hearing_outcome', subject, { hearingId: moved, outcome: 'found_guilty' }),
    );
    const movedStatus = await hearingResult(moved);
    expect(movedStatus.state).toBe('concluded');
    expect(movedStatus.remindersSent.every((r) => r.scheduledFor === later)).toBe(true);
    // Two scheduling notices, one reschedule, one cancellation, two reminders, one outcome.
    expect((await mailsFor(subject)).length).toBe(7);
  });

  it('numbers each change of a hearing above the invite it replaces, even within the same second', async () => {
    const subject = uniqueSubject();
    await hub.register(
      subject,
      { displayName: 'Lee Park', email: 'lee.park@example.test' },
      'riverside-court',
    );
    const hearingId = `H-${subject}-seq`;
    const court = 'Riverside Superior Court';
    const chain = [
      courtEvent('court.hearing_scheduled', subject, {
        hearingId,
        hearingType: 'trial',
        scheduledFor: inSeconds(7200),
        court,
      }),
      courtEvent('court.hearing_rescheduled', subject, {
        hearingId,
        previouslyScheduledFor: inSeconds(7200),
        scheduledFor: inSeconds(9000),
        court,
      }),
      courtEvent('court.hearing_rescheduled', subject, {
        hearingId,
        previouslyScheduledFor: inSeconds(9000),
        scheduledFor: inSeconds(10800),
        court,
      }),
      courtEvent('court.hearing_cancelled', subject, { hearingId, previouslyScheduledFor: inSeconds(10800) }),
    ];
    for (const event of chain) await hub.publish('riverside-court', event);
    const mails = await waitForMessages(
      hub.mailDir,
      (m) => (m.mail.text ?? '').includes(subject) && notice(m) === 'event',
      { count: 4, timeoutMs: 20_000 },
    );
    const invites = chain.map((event) => {
      const mail = mails.find((m) => header(m, 'X-Switchboard-Event') === `riverside-court/${event.id}`)!;
      const ics = calendarOf(mail)!;
      return {
        uid: /^UID:(.+)$/m.exec(ics)?.[1]?.trim(),
        sequence: Number(/^SEQUENCE:(\d+)/m.exec(ics)?.[1]),
        method: /^METHOD:(\w+)/m.exec(ics)?.[1],
      };
    });
    expect(invites.map((i) => i.sequence)).toEqual([0, 1, 2, 3]);
    expect(invites.map((i) => i.method)).toEqual(['REQUEST', 'REQUEST', 'REQUEST', 'CANCEL']);
    expect(new Set(invites.map((i) => i.uid)).size).toBe(1);
  });
});
