import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { signClientAssertion } from '@switchboard/agency-sdk';
import { findCaseEvent, listDeliveriesForCaseEvent, saveSnapshotMapping } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { header, readMailbox, waitForMessages } from '@switchboard/mailbox';
import { importSnapshot } from '@switchboard/snapshots';
import {
  caseEventWorkflowId,
  type NotificationStatus,
  notificationWorkflowId,
  searchAttributes,
} from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

const tag = randomUUID().slice(0, 6);
const jail = `jail-${tag}`; // rosters
const burstJail = `burstjail-${tag}`; // a night of false releases
const prison = `prison-${tag}`; // follows people from the jail
const quietJail = `quietjail-${tag}`; // goes silent
const streamJail = `streamjail-${tag}`; // publishes a burst event by event
const court = `court-${tag}`; // a calendar with no hearing ids, through the CLI
const carefulJail = `carefuljail-${tag}`; // sends a roster with rows that cannot be read
const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const agencies = [
  [jail, 'Riverside County Jail', 'jail'],
  [burstJail, 'Lakeside County Jail', 'jail'],
  [prison, 'State Prison, South Facility', 'prison'],
  [quietJail, 'Hill County Jail', 'jail'],
  [streamJail, 'Valley County Jail', 'jail'],
  [court, 'Riverside Superior Court', 'court'],
  [carefulJail, 'Mesa County Jail', 'jail'],
] as const;

const rosterMapping = {
  feed: 'custody_roster',
  columns: { subjectRef: 'BOOKING_NO', facility: 'FACILITY', bookedAt: 'BOOKED' },
  dateFormat: 'MM/dd/yyyy',
  timeZone: 'America/Los_Angeles',
};

/**
 * Feeds that can be trusted: whole rosters diffed into exactly their changes, one person followed
 * across agencies (and unsure matches held for a person to decide), silent feeds noticed, bursts
 * held from victims until a coordinator releases them, and retractions corrected to everyone told.
 */
describe('trustworthy feeds', () => {
  let hub: TestHub;
  let api: TestApi;

  beforeAll(async () => {
    hub = await startHub(inject('services'), {
      agencies: agencies.map((a) => [...a]),
      dispatchFor: agencies.map(([id]) => id),
      burst: { minimum: 5, factor: 5, windowSeconds: 600 },
      settings: { coordinatorEmail: 'desk@coordinators.test' },
    });
    api = await startApi(hub);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const assertion = (agencyId: string) =>
    signClientAssertion({ agencyId, key: hub.keys.get(agencyId)!, audience: api.baseUrl });
  const mailAbout = (agencyId: string, eventId: string) =>
    waitForMessages(hub.mailDir, (m) => header(m, 'X-Switchboard-Event') === `${agencyId}/${eventId}`);
  const mailTo = async (address: string) =>
    (await readMailbox(hub.mailDir)).filter(
      (m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === address,
    );
  const event = (agencyId: string, type: string, subject: string, data: Record<string, unknown>) => ({
    specversion: '1.0',
    id: `evt-${randomUUID()}`,
    source: agencySource(agencyId),
    type,
    subject,
    time: new Date().toISOString(),
    data,
  });
  const roster = (rows: string[]) => ['BOOKING_NO,FACILITY,BOOKED', ...rows].join('\r\n');
  const postSnapshot = async (agencyId: string, body: string) => {
    const response = await fetch(`${api.baseUrl}/snapshots/custody_roster`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await assertion(agencyId)}`, 'content-type': 'text/csv' },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('imports a messy roster as the baseline, then emits exactly what the next one changed', async () => {
    const [kept, released, moved, newcomer] = [
      uniqueSubject(),
      uniqueSubject(),
      uniqueSubject(),
      uniqueSubject(),
    ];
    await saveSnapshotMapping(hub.db, jail, 'custody_roster', rosterMapping);
    const registration = await hub.register(
      released,
      { displayName: 'Robin Park', email: `robin-${tag}@example.test` },
      jail,
    );

    const first = await postSnapshot(
      jail,
      roster([
        `${kept},"Riverside County Jail, North",11/02/2026`,
        `${released},Riverside County Jail,11/03/2026,,`,
        `${moved},"The ""Annex""",11/04/2026`,
        `${moved},"The ""Annex""",11/04/2026`, // a duplicate row
        `BAD REF,Riverside County Jail,11/04/2026`,
        `${newcomer},Riverside County Jail,11/05/9007`, // the year 9007
      ]),
    );
    expect(first).toMatchObject({
      status: 200,
      body: { baseline: true, rowsRead: 6, rowsRejected: 3, eventsEmitted: 0 },
    });
    expect(
      (first.body.rejections as { line: number; reason: string }[]).map((r) => [r.line, r.reason]),
    ).toEqual([
      [5, expect.stringContaining('repeats the row on line 4')],
      [6, expect.stringContaining('not a reference')],
      [7, expect.stringContaining('impossible')],
    ]);

    const progress: string[] = [];
    const second = await importSnapshot(
      { db: hub.db },
      {
        agencyId: jail,
        feed: 'custody_roster',
        source: [
          roster([
            `${kept},"Riverside County Jail, North",11/02/2026`,
            `${moved},State Prison Transfer Unit,11/04/2026`,
            `${newcomer},Riverside County Jail,11/30/2026`,
          ]),
        ],
        onProgress: (p) => progress.push(p.phase),
      },
    );
    expect(second).toMatchObject({ baseline: false, rowsRead: 3, rowsRejected: 0, eventsEmitted: 3 });
    expect(progress).toContain('reading');
    const events = await hub.db
      .selectFrom('case_event')
      .select(['type', 'subject_ref', 'data', 'event_id'])
      .where('agency_id', '=', jail)
      .where('origin', '=', 'snapshot')
      .execute();
    expect(events.map((e) => [e.type, e.subject_ref]).sort()).toEqual(
      [
        ['custody.booked', newcomer],
        ['custody.released', released],
        ['custody.transferred', moved],
      ].sort(),
    );
    // The release reaches the registrant through the ordinary workflows, started by the dispatcher.
    const release = events.find((e) => e.type === 'custody.released')!;
    const [mail] = await mailAbout(jail, release.event_id);
    expect(mail!.mail.subject).toBe(`Release notice for case ${released}`);
    const stored = await findCaseEvent(hub.db, jail, release.event_id);
    expect((await listDeliveriesForCaseEvent(hub.db, stored!.id)).map((d) => d.registration_id)).toEqual([
      registration,
    ]);

    // The same file again: nothing changed, nothing emitted.
    const third = await postSnapshot(
      jail,
      roster([
        `${kept},"Riverside County Jail, North",11/02/2026`,
        `${moved},State Prison Transfer Unit,11/04/2026`,
        `${newcomer},Riverside County Jail,11/30/2026`,
      ]),
    );
    expect(third.body).toMatchObject({ rowsRead: 3, eventsEmitted: 0 });
  });

  it('imports a court calendar through the CLI: progress, then rows read, rows rejected and events emitted', async () => {
    const [moved, dropped, cancelled, added] = [
      uniqueSubject(),
      uniqueSubject(),
      uniqueSubject(),
      uniqueSubject(),
    ];
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-calendar-'));
    const cli = async (...args: string[]) =>
      run('node', ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: inject('services').databaseUrl },
      });
    try {
      // No header, tab-separated, no hearing ids: rows are known by case and hearing type.
      await writeFile(
        join(dir, 'mapping.json'),
        JSON.stringify({
          format: 'tsv',
          header: false,
          columns: { subjectRef: 1, hearingType: 2, date: 3, time: 4, court: 5, status: 6 },
          key: ['subjectRef', 'hearingType'],
          dateFormat: 'yyyyMMdd',
          timeZone: 'America/Los_Angeles',
          hearingTypes: { SENT: 'sentencing', PRE: 'preliminary' },
        }),
      );
      const calendar = (rows: string[][]) => `${rows.map((r) => r.join('\t')).join('\n')}\n`;
      await writeFile(
        join(dir, 'monday.tsv'),
        calendar([
          [moved, 'SENT', '20270105', '09:30', 'Dept 4', ''],
          [dropped, 'PRE', '20270110', '10:00', 'Dept 2', ''],
          [cancelled, 'SENT', '20270111', '13:30', 'Dept 4', ''],
        ]),
      );
      await writeFile(
        join(dir, 'tuesday.tsv'),
        calendar([
          [moved, 'SENT', '20270112', '1:30 PM', 'Dept 4', ''],
          [cancelled, 'SENT', '20270111', '13:30', 'Dept 4', 'VACATED'],
          [added, 'PRE', '20270201', '08:30', 'Dept 2', ''],
          [added, 'SENT', '90070101', '08:30', 'Dept 2', ''],
        ]),
      );
      expect(
        (await cli('snapshot', 'mapping', court, 'court_calendar', join(dir, 'mapping.json'))).stdout,
      ).toContain('saved');
      const importing = (file: string) =>
        cli('snapshot', 'import', join(dir, file), '--agency', court, '--feed', 'court_calendar');
      expect((await importing('monday.tsv')).stdout).toContain(
        'rows read: 3, rows rejected: 0, events emitted: 0',
      );
      const tuesday = await importing('tuesday.tsv');
      expect(tuesday.stderr).toContain('rows read');
      expect(tuesday.stdout).toMatch(/line 4: hearing date 9007-01-01 is impossible/);
      expect(tuesday.stdout).toContain('rows read: 4, rows rejected: 1, events emitted: 4');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const events = await hub.db
      .selectFrom('case_event')
      .select(['type', 'subject_ref', 'data'])
      .where('agency_id', '=', court)
      .execute();
    expect(events.map((e) => [e.subject_ref, e.type]).sort()).toEqual(
      [
        [moved, 'court.hearing_rescheduled'],
        [dropped, 'court.hearing_cancelled'],
        [cancelled, 'court.hearing_cancelled'],
        [added, 'court.hearing_scheduled'],
      ].sort(),
    );
    expect(events.find((e) => e.subject_ref === moved)!.data).toMatchObject({
      previouslyScheduledFor: '2027-01-05T17:30:00.000Z',
      scheduledFor: '2027-01-12T21:30:00.000Z',
    });
    expect(events.find((e) => e.subject_ref === dropped)!.data).toMatchObject({ removedFromCalendar: true });
  });

  it('never takes a row it could not read for a release', async () => {
    const [garbled, absent, steady] = [uniqueSubject(), uniqueSubject(), uniqueSubject()];
    await saveSnapshotMapping(hub.db, carefulJail, 'custody_roster', rosterMapping);
    const rows = (first: string) => [
      first,
      `${absent},Mesa County Jail,11/01/2026`,
      `${steady},Mesa County Jail,11/01/2026`,
    ];
    await postSnapshot(carefulJail, roster(rows(`${garbled},Mesa County Jail,11/01/2026`)));
    // The garbled person's row has an impossible date: they are still listed, so not released. A
    // row without a readable booking number could be anyone's, so nobody missing is released.
    const messy = await postSnapshot(
      carefulJail,
      roster([
        `${garbled},Mesa County Jail,02/30/2026`,
        'NO REF HERE,Mesa County Jail,11/01/2026',
        `${steady},Mesa County Jail,11/01/2026`,
      ]),
    );
    expect(messy.body).toMatchObject({ rowsRejected: 2, eventsEmitted: 0, keptMissing: 1 });
    // A clean file the next day: now the absent one is released, and only they are.
    const clean = await postSnapshot(
      carefulJail,
      roster([`${garbled},Mesa County Jail,11/01/2026`, `${steady},Mesa County Jail,11/01/2026`]),
    );
    expect(clean.body).toMatchObject({ rowsRejected: 0, eventsEmitted: 1, keptMissing: 0 });
    const released = await hub.db
      .selectFrom('case_event')
      .select(['type', 'subject_ref'])
      .where('agency_id', '=', carefulJail)
      .execute();
    expect(released).toEqual([{ type: 'custody.released', subject_ref: absent }]);
  });

  it('refuses a file that does not fit the mapping, naming the column, and changes nothing', async () => {
    const answer = await postSnapshot(jail, 'BOOKING,FACILITY\r\nB-1,Main\r\n');
    expect(answer).toMatchObject({
      status: 422,
      body: { error: expect.stringContaining('no column "BOOKING_NO"') },
    });
  });

  it('follows a person from jail to prison once both agencies say so; one agency alone only proposes', async () => {
    const booking = uniqueSubject();
    const inmate = uniqueSubject();
    await hub.register(booking, { displayName: 'Sam Lee', email: `sam-${tag}@example.test` }, jail);
    const link = async (from: string, links: unknown[]) => {
      const response = await fetch(`${api.baseUrl}/subject-links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await assertion(from)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ links }),
      });
      return { status: response.status, body: await response.json() };
    };
    expect(
      await link(prison, [
        { subjectRef: inmate, sameAs: { agencyId: jail, subjectRef: booking } },
        { subjectRef: 'x y' },
      ]),
    ).toMatchObject({ status: 207, body: { linked: 0, proposed: 1, rejected: [{ index: 1 }] } });
    const [proposal] = (await api.as.coordinator.subject.matches.query()).filter(
      (m) => m.subject.subjectRef === inmate,
    );
    expect(proposal).toMatchObject({ basis: `proposed by agency ${prison}`, other: { agencyId: jail } });

    // The prison's word alone reaches nobody registered with the jail.
    const early = event(prison, 'custody.booked', inmate, {
      bookedAt: new Date().toISOString(),
      facility: 'South',
    });
    await hub.publish(prison, early);
    const earlyRun = hub.temporal.workflow.getHandle(caseEventWorkflowId(prison, early.id));
    await expect
      .poll(async () => (await earlyRun.describe()).status.name, { timeout: 20_000 })
      .toBe('COMPLETED');
    expect(await earlyRun.result()).toMatchObject({ notified: 0 });

    // The jail says the same: linked, and the prison's news reaches the jail's registrant.
    expect(
      await link(jail, [{ subjectRef: booking, sameAs: { agencyId: prison, subjectRef: inmate } }]),
    ).toMatchObject({
      status: 200,
      body: { linked: 1, proposed: 0 },
    });
    const booked = event(prison, 'custody.transferred', inmate, {
      transferredAt: new Date().toISOString(),
      fromFacility: 'South',
      toFacility: 'State Prison, North Facility',
    });
    expect(await hub.publish(prison, booked)).toMatchObject({ receipt: { outcome: 'accepted' } });
    const [mail] = await mailAbout(prison, booked.id);
    expect(mail!.mail.to && 'text' in mail!.mail.to && mail!.mail.to.text).toBe(`sam-${tag}@example.test`);
  });

  it('links a sure name match by itself, and holds an unsure one for a coordinator before anyone is told', async () => {
    const describe = async (agencyId: string, subjectRef: string, givenName: string) => {
      const response = await fetch(`${api.baseUrl}/subjects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await assertion(agencyId)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          subjects: [{ subjectRef, givenName, familyName: `Okafor${tag}`, birthDate: '1988-04-12' }],
        }),
      });
      return response.json() as Promise<{ linked: number; queued: number }>;
    };
    const booking = uniqueSubject();
    const inmate = uniqueSubject();
    await hub.register(booking, { displayName: 'Dee Morgan', email: `dee-${tag}@example.test` }, jail);
    expect(await describe(jail, booking, 'Chinedu')).toMatchObject({ linked: 0, queued: 0 });
    // Same family name and birth date, another given name: maybe the same person, maybe not.
    expect(await describe(prison, inmate, 'Chidi')).toMatchObject({ linked: 0, queued: 1 });

    const first = event(prison, 'custody.booked', inmate, {
      bookedAt: new Date().toISOString(),
      facility: 'South',
    });
    await hub.publish(prison, first);
    const handle = hub.temporal.workflow.getHandle(caseEventWorkflowId(prison, first.id));
    await expect
      .poll(async () => (await handle.describe()).status.name, { timeout: 20_000 })
      .toBe('COMPLETED');
    expect(await handle.result()).toMatchObject({ notified: 0 });
    expect(await mailTo(`dee-${tag}@example.test`)).toEqual([]);

    const [match] = (await api.as.coordinator.subject.matches.query()).filter(
      (m) => m.other.subjectRef === booking,
    );
    expect(match).toMatchObject({
      subject: { agencyId: prison, subjectRef: inmate },
      basis: 'family name and date of birth',
      confidence: 0.5,
    });
    await api.as.coordinator.subject.decideMatch.mutate({
      matchId: match!.id,
      decision: 'link',
      reason: 'same person: booking photo and birth date agree',
    });
    const second = event(prison, 'custody.transferred', inmate, {
      transferredAt: new Date().toISOString(),
      fromFacility: 'South',
      toFacility: 'North',
    });
    await hub.publish(prison, second);
    await mailAbout(prison, second.id);

    // Full name and birth date: linked at once, no review.
    const parolee = uniqueSubject();
    expect(await describe(prison, parolee, 'Chinedu')).toMatchObject({ linked: 1, queued: 0 });
  });

  it('turns a silent feed unhealthy within its window, alerts the desk, and sees it come back', async () => {
    await hub.publish(quietJail, event(quietJail, 'feed.heartbeat', 'feed', {}));
    const watched = await api.as.coordinator.feed.expectHeartbeat.mutate({
      agencyId: quietJail,
      everySeconds: 3,
    });
    expect(watched).toMatchObject({ health: expect.stringMatching(/healthy|unknown/), heartbeatSeconds: 3 });
    await expect
      .poll(async () => (await api.as.coordinator.feed.health.query({ agencyId: quietJail }))[0]?.health, {
        timeout: 15_000,
        interval: 500,
      })
      .toBe('unhealthy');
    const [alert] = await waitForMessages(hub.mailDir, (m) => header(m, 'X-Switchboard-Feed') === quietJail);
    expect(alert!.mail.subject).toBe(`Feed silent: Hill County Jail (${quietJail})`);
    const query = `AgencyId="${quietJail}" AND ${searchAttributes.feedHealth.name}="unhealthy"`;
    await expect
      .poll(() => hub.workflowIds(query), { timeout: 15_000 })
      .toEqual([`feed-health:${quietJail}`]);

    await hub.publish(quietJail, event(quietJail, 'feed.heartbeat', 'feed', {}));
    await expect
      .poll(async () => (await api.as.coordinator.feed.health.query({ agencyId: quietJail }))[0]?.health, {
        timeout: 15_000,
      })
      .toBe('healthy');
    await api.as.coordinator.feed.expectHeartbeat.mutate({ agencyId: quietJail, everySeconds: null });
  });

  it('holds a burst of releases from a bad roster until a coordinator releases it; a discarded burst tells nobody', async () => {
    await saveSnapshotMapping(hub.db, burstJail, 'custody_roster', rosterMapping);
    const people = Array.from({ length: 8 }, () => uniqueSubject());
    const victim = `lee-${tag}@example.test`;
    await hub.register(people[3]!, { displayName: 'Lee Chan', email: victim }, burstJail);
    const all = people.map((p) => `${p},Lakeside County Jail,11/01/2026`);
    await postSnapshot(burstJail, roster(all)); // baseline
    // A maintenance job empties the roster: eight "releases" at once, far past the usual rate.
    expect((await postSnapshot(burstJail, roster([]))).body).toMatchObject({ eventsEmitted: 8 });

    await expect
      .poll(
        async () =>
          (await api.as.coordinator.feed.holds.query({ agencyId: burstJail, status: 'held' })).length,
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    const [hold] = await api.as.coordinator.feed.holds.query({ agencyId: burstJail, status: 'held' });
    expect(hold).toMatchObject({ events: 8, byType: { 'custody.released': 8 } });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await mailTo(victim)).toEqual([]);

    await api.as.supervisor.feed.releaseHold.mutate({ holdId: hold!.id, reason: 'the releases are real' });
    await expect.poll(async () => (await mailTo(victim)).length, { timeout: 30_000 }).toBe(1);

    // The people are booked back in, and the job runs again: this time the coordinator discards it.
    await postSnapshot(burstJail, roster(all));
    await postSnapshot(burstJail, roster([]));
    await expect
      .poll(
        async () =>
          (await api.as.coordinator.feed.holds.query({ agencyId: burstJail, status: 'held' })).length,
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    const [second] = await api.as.coordinator.feed.holds.query({ agencyId: burstJail, status: 'held' });
    await api.as.coordinator.feed.discardHold.mutate({ holdId: second!.id, reason: 'roster export bug' });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await mailTo(victim)).filter((m) => m.mail.subject?.startsWith('Release notice'))).toHaveLength(
      1,
    );
  });

  it('holds a burst published event by event from the first event past the threshold', async () => {
    const people = Array.from({ length: 7 }, () => uniqueSubject());
    const victim = `noor-${tag}@example.test`;
    await hub.register(people[6]!, { displayName: 'Noor Haddad', email: victim }, streamJail);
    for (const person of people.slice(0, 6))
      await hub.publish(streamJail, custodyRelease(streamJail, person));
    // Five are within the minimum and went out; the sixth opened a hold, and the seventh joins it.
    const last = custodyRelease(streamJail, people[6]!);
    await hub.publish(streamJail, last);
    const [hold] = await api.as.coordinator.feed.holds.query({ agencyId: streamJail, status: 'held' });
    expect(hold).toMatchObject({ events: 2, byType: { 'custody.released': 2 } });
    const started = await hub.db
      .selectFrom('case_event')
      .select((eb) => eb.fn.count<string>('workflow_started_at').as('n'))
      .where('agency_id', '=', streamJail)
      .executeTakeFirstOrThrow();
    expect(Number(started.n)).toBe(5);
    expect(await mailTo(victim)).toEqual([]);

    await api.as.supervisor.feed.releaseHold.mutate({ holdId: hold!.id, reason: 'the releases are real' });
    await mailAbout(streamJail, last.id);
  });

  it('sends a correction to everyone told of a retracted event, and to no one else', async () => {
    const subject = uniqueSubject();
    await hub.register(subject, { displayName: 'Kai Jones', email: `kai-${tag}@example.test` }, jail);
    await hub.register(
      subject,
      { displayName: 'Ana Ruiz', email: `ana-${tag}@example.test`, language: 'es' },
      jail,
    );
    const release = custodyRelease(jail, subject);
    await hub.publish(jail, release);
    await waitForMessages(hub.mailDir, (m) => header(m, 'X-Switchboard-Event') === `${jail}/${release.id}`, {
      count: 2,
    });
    // Registered after the release went out: never told it, so never told it was wrong.
    await hub.register(subject, { displayName: 'Late Comer', email: `late-${tag}@example.test` }, jail);

    const retraction = event(jail, 'feed.retraction', subject, {
      retracts: release.id,
      reason: 'wrong_person',
    });
    expect(await hub.publish(jail, retraction)).toMatchObject({ receipt: { outcome: 'accepted' } });
    const corrections = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `${jail}/${retraction.id}`,
      { count: 2 },
    );
    expect(corrections.map((m) => m.mail.subject).sort()).toEqual([
      `Corrección: caso ${subject}`,
      `Correction for case ${subject}`,
    ]);
    expect(corrections.find((m) => m.mail.subject?.startsWith('Correction'))!.mail.text).toContain(
      'The person was released from custody',
    );
    const handle = hub.temporal.workflow.getHandle(caseEventWorkflowId(jail, retraction.id));
    expect(await handle.result()).toMatchObject({ notified: 2 });
    expect(await mailTo(`late-${tag}@example.test`)).toEqual([]);

    // Urgent news being repeated until confirmed: the retraction stops the repeats, and corrects.
    const fled = uniqueSubject();
    const registration = await hub.register(
      fled,
      { displayName: 'Ira Moss', email: `ira-${tag}@example.test` },
      jail,
    );
    const breakout = event(jail, 'custody.escaped', fled, {
      escapedAt: new Date().toISOString(),
      facility: 'Main Jail',
    });
    await hub.publish(jail, breakout);
    await mailAbout(jail, breakout.id);
    const stored = await findCaseEvent(hub.db, jail, breakout.id);
    const repeating = hub.temporal.workflow.getHandle(
      notificationWorkflowId({ agencyId: jail, caseEventId: stored!.id, registrationId: registration }),
    );
    const withdrawn = event(jail, 'feed.retraction', fled, {
      retracts: breakout.id,
      reason: 'published_in_error',
    });
    await hub.publish(jail, withdrawn);
    expect(((await repeating.result()) as NotificationStatus).state).toBe('stopped');
    const [correction] = await mailAbout(jail, withdrawn.id);
    expect(correction!.mail.text).toContain('The person has escaped from custody');

    // A retraction must name an event the agency published.
    const stray = event(jail, 'feed.retraction', subject, {
      retracts: 'evt-never-published',
      reason: 'other',
    });
    expect(await hub.publish(jail, stray)).toMatchObject({
      receipt: { outcome: 'rejected', code: 'invalid_data', field: 'data.retracts' },
    });
  });
});
