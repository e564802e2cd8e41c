import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SIGNATURE_HEADER, writeSigningKey } from '@switchboard/agency-sdk';
import { jetstreamManager, type PublishOutcome, publishCaseEvent, type Receipt } from '@switchboard/bus';
import { findCaseEvent } from '@switchboard/db';
import { signEvent } from '@switchboard/event-signature';
import { waitForMessages } from '@switchboard/mailbox';
import { niemEventId } from '@switchboard/niem';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';
import { historyText } from './harness/temporal-history';

const fixtures = join(import.meta.dirname, '..', 'packages', 'niem', 'src', 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
/** Everything in the fixtures that is somebody's: none of it may reach a row, a log line or a history. */
const personal = [
  'Marisol',
  'Quintanilla',
  '1987-04-12',
  '555-12-9876',
  'PHOTO',
  'Larkspur',
  'sister',
  'Whitfield',
  '88812',
];

/**
 * NIEM exchanges over the real services: a jail's booking and release, a court's add, update and
 * delete, in an envelope and bare, over HTTP and over NATS; refusals that name the XML path; and no
 * personal data from a message anywhere the hub keeps or writes things.
 */
describe('NIEM exchanges in', () => {
  let hub: TestHub;
  let api: TestApi;
  const logLines: string[] = [];

  beforeAll(async () => {
    hub = await startHub(inject('services'), {
      logLevel: 'debug',
      logTo: { write: (line) => void logLines.push(line) },
    });
    api = await startApi(hub);
    await api.as.agency('county-jail').feed.setNiemProfile.mutate({
      profile: { facility: 'Riverside County Jail, Main', timeZone: 'America/Los_Angeles' },
    });
    await api.as.agency('riverside-court').feed.setNiemProfile.mutate({
      profile: { timeZone: 'America/Los_Angeles', hearingCodes: { PRLM: 'preliminary' } },
    });
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  async function overHttp(agencyId: string, body: string, signed = true) {
    const response = await fetch(`${api.baseUrl}/agencies/${agencyId}/niem`, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml',
        ...(signed ? { [SIGNATURE_HEADER]: await signEvent(body, hub.keys.get(agencyId)!) } : {}),
      },
      body,
    });
    return { status: response.status, receipt: (await response.json()) as Receipt };
  }

  async function overNats(agencyId: string, body: string, options: { msgId?: false } = {}): Promise<Receipt> {
    const outcome: PublishOutcome = await publishCaseEvent(hub.nc, hub.names, agencyId, body, {
      signature: await signEvent(body, hub.keys.get(agencyId)!),
      niem: true,
      eventId: niemEventId(body),
      ...options,
    });
    if (outcome.kind !== 'receipt') throw new Error(`no receipt: ${outcome.kind}`);
    return outcome.receipt;
  }

  const stored: { agencyId: string; eventId: string }[] = [];

  it('a booking over HTTP and its release over NATS (niem-core default namespace, CRLF) tell the registrant', async () => {
    const booking = `BK-${uniqueSubject()}`;
    await hub.register(
      booking,
      { displayName: 'Robin Vale', email: 'robin.vale@example.test' },
      'county-jail',
    );

    const booked = await overHttp('county-jail', fixture('booking.xml').replace('BK-2026-004512', booking));
    expect(booked.status).toBe(202);
    expect(booked.receipt).toMatchObject({ outcome: 'accepted', eventId: expect.stringMatching(/^niem-/) });
    const bookedRow = await findCaseEvent(hub.db, 'county-jail', booked.receipt.eventId!);
    expect(bookedRow).toMatchObject({ type: 'custody.booked', subject_ref: booking });
    expect(bookedRow!.data).toEqual({
      bookedAt: '2026-11-30T22:15:00-08:00',
      facility: 'Riverside County Jail, Main',
      charges: ['Corporal injury to a spouse or cohabitant', 'PC 166(c)(1)'],
    });

    const release = fixture('release-default-namespace-crlf.xml').replace('BK-2026-004512', booking);
    const released = await overNats('county-jail', release);
    expect(released).toMatchObject({ outcome: 'accepted' });
    const releasedRow = await findCaseEvent(hub.db, 'county-jail', released.eventId!);
    expect(releasedRow).toMatchObject({ type: 'custody.released' });
    expect(releasedRow!.data).toMatchObject({ reason: 'bail', releasedAt: '2026-12-02T09:40:00-08:00' });
    stored.push(
      { agencyId: 'county-jail', eventId: booked.receipt.eventId! },
      { agencyId: 'county-jail', eventId: released.eventId! },
    );

    const mails = await waitForMessages(hub.mailDir, (m) => (m.mail.text ?? '').includes(booking), {
      count: 2,
      timeoutMs: 30_000,
    });
    expect(mails.map((m) => m.mail.text).join('\n')).toMatch(/released/i);

    // Sent again: the same event, answered as a duplicate, stored once, told once.
    expect(
      (await overHttp('county-jail', fixture('booking.xml').replace('BK-2026-004512', booking))).receipt,
    ).toMatchObject({ outcome: 'duplicate' });
    expect(await overNats('county-jail', release, { msgId: false })).toMatchObject({
      outcome: 'duplicate',
      eventId: released.eventId,
    });
  });

  it("a court's add (in its envelope), update and delete: scheduled, rescheduled from the remembered date, cancelled", async () => {
    const docket = `CR-${uniqueSubject()}`;
    await hub.register(
      docket,
      { displayName: 'Sam Ortiz', email: 'sam.ortiz@example.test' },
      'riverside-court',
    );
    const envelope = JSON.parse(fixture('court-event-envelope.json')) as {
      Metadata: { MessageId: string; MessageSentTimestamp: string };
      ExchangeData: string;
    };
    envelope.Metadata.MessageId = `msg-${docket}`;
    envelope.Metadata.MessageSentTimestamp = new Date(Date.now() - 60_000).toISOString();
    envelope.ExchangeData = envelope.ExchangeData.replace('CR-2026-00931', docket);

    const added = await overHttp('riverside-court', JSON.stringify(envelope));
    expect(added.receipt).toMatchObject({ outcome: 'accepted', eventId: `jtmp-msg-${docket}` });
    const hearingId = `${docket}-3`;
    expect((await findCaseEvent(hub.db, 'riverside-court', `jtmp-msg-${docket}`))!.data).toEqual({
      hearingId,
      hearingType: 'preliminary',
      scheduledFor: '2027-01-14T09:30:00-08:00',
      court: 'Riverside Superior Court, Hall of Justice',
      courtroom: 'Dept. 41',
      victimMayBeHeard: false,
    });

    const updated = await overNats(
      'riverside-court',
      fixture('court-event-update.xml').replace('CR-2026-00931', docket),
    );
    expect(updated).toMatchObject({ outcome: 'accepted' });
    expect(await findCaseEvent(hub.db, 'riverside-court', updated.eventId!)).toMatchObject({
      type: 'court.hearing_rescheduled',
      data: {
        hearingId,
        previouslyScheduledFor: '2027-01-14T09:30:00-08:00',
        scheduledFor: '2027-02-03T13:30:00-08:00',
        courtroom: 'Dept. 12',
      },
    });

    const deleted = await overHttp(
      'riverside-court',
      fixture('court-event-delete.xml').replace('CR-2026-00931', docket),
    );
    expect(deleted.receipt).toMatchObject({ outcome: 'accepted' });
    expect(await findCaseEvent(hub.db, 'riverside-court', deleted.receipt.eventId!)).toMatchObject({
      type: 'court.hearing_cancelled',
      data: { hearingId, previouslyScheduledFor: '2027-02-03T13:30:00-08:00' },
    });
    stored.push(
      { agencyId: 'riverside-court', eventId: `jtmp-msg-${docket}` },
      { agencyId: 'riverside-court', eventId: updated.eventId! },
      { agencyId: 'riverside-court', eventId: deleted.receipt.eventId! },
    );
    const mails = await waitForMessages(hub.mailDir, (m) => (m.mail.text ?? '').includes(docket), {
      count: 3,
      timeoutMs: 30_000,
    });
    expect(mails.map((m) => m.mail.text).join('\n')).toMatch(/cancel/i);
  });

  it('takes a booking of a megabyte (a base64 photo in it), and refuses one past the limit with its size', async () => {
    const booking = `BK-${uniqueSubject()}`;
    const base = fixture('booking.xml').replace('BK-2026-004512', booking);
    const photo = (bytes: number) =>
      base.replace('PHOTO', 'A'.repeat(bytes - Buffer.byteLength(base) + 'PHOTO'.length));
    const big = await overHttp('county-jail', photo(1_000_000));
    expect(big.receipt).toMatchObject({ outcome: 'accepted' });
    stored.push({ agencyId: 'county-jail', eventId: big.receipt.eventId! });
    const tooBig = await overHttp('county-jail', photo(1_100_000));
    expect(tooBig.status).toBe(413);
    expect(tooBig.receipt).toMatchObject({ outcome: 'rejected', code: 'payload_too_large' });
  });

  it('refuses an XXE attempt, a court event from a jail, and an unsigned message, naming where', async () => {
    const xxe = await overHttp('county-jail', fixture('xxe.xml'));
    expect(xxe.status).toBe(422);
    expect(xxe.receipt).toMatchObject({ outcome: 'rejected', code: 'invalid_niem', field: '/' });
    expect(JSON.stringify(xxe.receipt)).not.toContain('passwd');

    const fromJail = await overHttp(
      'county-jail',
      fixture('court-event-add.xml').replace('CR-2026-00931', `CR-${uniqueSubject()}`),
    );
    expect(fromJail.receipt).toMatchObject({ outcome: 'rejected', code: 'type_not_allowed' });

    const unsigned = await overHttp('riverside-court', fixture('court-event-add.xml'), false);
    expect(unsigned.status).toBe(401);
    expect(unsigned.receipt).toMatchObject({ outcome: 'rejected', code: 'missing_signature' });

    const missingCourt = await overNats(
      'riverside-court',
      fixture('court-event-add.xml').replace(/<j:CourtEventCourt>[\s\S]*<\/j:CourtEventCourt>/, ''),
    );
    expect(missingCourt).toMatchObject({
      outcome: 'rejected',
      code: 'invalid_niem',
      field: '/CourtEventExchange/j:CourtEvent/j:CourtEventCourt/j:CourtName',
    });
  });

  it('the CLI sets a profile through the hub as the agency, and publishes a bare release as a Release', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-niem-'));
    const run = promisify(execFile);
    const cli = (...args: string[]) =>
      run('node', ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
        cwd: join(import.meta.dirname, '..'),
        env: {
          ...process.env,
          DATABASE_URL: inject('services').databaseUrl,
          ...inject('services').dataKeys,
          NATS_PREFIX: hub.names.prefix,
          PUBLIC_URL: api.baseUrl,
          SWITCHBOARD_KEYS_DIR: dir,
        },
      });
    try {
      await writeSigningKey(join(dir, 'county-jail.private.jwk'), hub.keys.get('county-jail')!.privateJwk);
      await writeFile(
        join(dir, 'profile.json'),
        JSON.stringify({ facility: 'Riverside County Jail, Annex', timeZone: 'America/Los_Angeles' }),
      );
      expect(
        (await cli('niem', 'profile', join(dir, 'profile.json'), '--agency', 'county-jail')).stdout,
      ).toContain('NIEM profile of county-jail saved');
      const booking = `BK-${uniqueSubject()}`;
      // A booking message with a release in it, sent as a Release: the envelope the CLI signs says so.
      await writeFile(
        join(dir, 'release.xml'),
        fixture('release-default-namespace-crlf.xml').replace('BK-2026-004512', booking),
      );
      const published = await cli(
        'niem',
        'publish',
        join(dir, 'release.xml'),
        '--agency',
        'county-jail',
        '--message-type',
        'Release',
      );
      const eventId = /accepted: event (jtmp-[0-9a-f]{40})/.exec(published.stdout)?.[1];
      expect(eventId, published.stdout).toBeDefined();
      expect(await findCaseEvent(hub.db, 'county-jail', eventId!)).toMatchObject({
        type: 'custody.released',
        subject_ref: booking,
        data: { facility: 'Riverside County Jail, Annex' },
      });
      stored.push({ agencyId: 'county-jail', eventId: eventId! });
      await expect(
        cli(
          'niem',
          'publish',
          join(dir, 'release.xml'),
          '--agency',
          'county-jail',
          '--message-type',
          'Parole',
        ),
      ).rejects.toThrow(/--message-type is Booking or Release/);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await api.as.agency('county-jail').feed.setNiemProfile.mutate({
        profile: { facility: 'Riverside County Jail, Main', timeZone: 'America/Los_Angeles' },
      });
    }
  });

  it('keeps nothing personal from a message: rows, rejections, logs, histories, and the NIEM inbox emptied', async () => {
    const rows = await hub.db
      .selectFrom('case_event')
      .selectAll()
      .where('agency_id', 'in', ['county-jail', 'riverside-court'])
      .where(
        'event_id',
        'in',
        stored.map((s) => s.eventId),
      )
      .execute();
    expect(rows).toHaveLength(stored.length);
    const rejections = await hub.db
      .selectFrom('event_rejection')
      .selectAll()
      .where('agency_id', 'in', ['county-jail', 'riverside-court'])
      .where('code', '=', 'invalid_niem')
      .execute();
    expect(rejections.length).toBeGreaterThanOrEqual(2);
    const histories = await Promise.all(
      rows.map(
        async (row) =>
          (await historyText(hub.temporal.workflow.getHandle(row.workflow_id), hub.keyring)).opened,
      ),
    );
    const everything = [
      JSON.stringify(rows),
      JSON.stringify(rejections),
      logLines.join(''),
      ...histories,
    ].join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const word of personal) expect(everything).not.toContain(word);
    // The stored XML itself: JetStream's work queue let each message go once ingest acknowledged it.
    const inbox = await (await jetstreamManager(hub.nc)).streams.info(hub.names.niemInboxStream);
    expect(inbox.state.messages).toBe(0);
  });
});
