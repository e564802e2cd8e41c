import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitForMessages } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHub, type TestHub } from './harness/hub';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const example = (name: string) => join(root, 'examples', 'court-calendar', name);
const court = 'messy-superior-court';

/**
 * The README's court calendar (examples/court-calendar), imported through the CLI as a statewide
 * notification vendor receives it: tab-separated, no header, `\r\r\n`, no row id, one row per
 * appearance, cancellations by a cancel date with or without a reason, a continuance as the old
 * appearance cancelled and a new one later, a deletions file, a blank marker, court codes, and a
 * year 9007. Over the real services, down to the email a victim gets.
 */
describe('a court calendar as it really comes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(inject('services'), {
      agencies: [[court, 'Messy Superior Court', 'court']],
      dispatchFor: [court],
    });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const cli = (...args: string[]) =>
    run('node', ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject('services').databaseUrl, ...inject('services').dataKeys },
    });

  it('every appearance kept, the continuance told as a new date, cancellations and deletions as cancellations', {
    timeout: 120_000,
  }, async () => {
    await hub.register(
      'CR2026-01177',
      { displayName: 'Robin Vale', email: 'robin.vale@example.test' },
      court,
    );
    await hub.register('CR2026-01204', { displayName: 'Sam Ortiz', email: 'sam.ortiz@example.test' }, court);

    expect(
      (await cli('snapshot', 'mapping', court, 'court_calendar', example('mapping.json'))).stdout,
    ).toContain('saved');
    const monday = await cli(
      'snapshot',
      'import',
      example('monday.tsv'),
      '--agency',
      court,
      '--feed',
      'court_calendar',
      '--taken-at',
      '2026-12-01T18:00:00Z',
    );
    // The year 9007 named at its own line (7), not at a line counted twice for each \r\r\n.
    expect(monday.stdout).toContain('line 7: hearing date 9007-01-06 is impossible');
    expect(monday.stdout).toContain('rows read: 6, rows rejected: 1, events emitted: 0 (first snapshot');

    const tuesday = await cli(
      'snapshot',
      'import',
      example('tuesday.tsv'),
      '--agency',
      court,
      '--feed',
      'court_calendar',
      '--taken-at',
      '2026-12-02T18:00:00Z',
      '--deletions',
      example('tuesday-deletions.tsv'),
    );
    expect(tuesday.stdout).toContain('line 9: hearing date 9007-01-06 is impossible');
    expect(tuesday.stdout).toContain('rows read: 9, rows rejected: 1, events emitted: 5');
    expect(tuesday.stdout).toContain('deletions file: 1 listed, 1 of them taken out of this file');

    const events = await hub.db
      .selectFrom('case_event')
      .select(['type', 'subject_ref', 'data'])
      .where('agency_id', '=', court)
      .orderBy('subject_ref')
      .execute();
    expect(events.map((e) => [e.subject_ref, e.type])).toEqual(
      [
        ['CR2026-00931', 'court.hearing_scheduled'], // the trial's third day
        ['CR2026-01177', 'court.hearing_rescheduled'], // continued: not "cancelled"
        ['CR2026-01204', 'court.hearing_cancelled'], // a cancel date without a reason
        ['CR2026-01311', 'court.hearing_cancelled'], // in the deletions file
        ['CR2026-01519', 'court.hearing_scheduled'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const continued = events.find((e) => e.subject_ref === 'CR2026-01177')!.data;
    expect(continued).toMatchObject({
      previouslyScheduledFor: '2027-01-05T18:30:00.000Z',
      scheduledFor: '2027-01-19T18:30:00.000Z',
      court: 'Riverside Hall of Justice, Criminal',
      courtroom: 'Dept 12',
    });
    expect(events.find((e) => e.subject_ref === 'CR2026-01311')!.data).toMatchObject({
      removedFromCalendar: true,
    });

    // The victim of the continued hearing hears of its new date; the sentencing's, of its cancellation.
    const [moved] = await waitForMessages(hub.mailDir, (m) => (m.mail.text ?? '').includes('CR2026-01177'), {
      timeoutMs: 30_000,
    });
    expect(moved!.mail.text).toMatch(/moved/);
    expect(moved!.mail.text).not.toMatch(/cancel/i);
    // The new date travels in the invite, which replaces the first one in the victim's calendar.
    const invite = moved!.mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(invite?.content.toString('utf8')).toMatch(/DTSTART[^\n]*20270119/);
    const [off] = await waitForMessages(hub.mailDir, (m) => (m.mail.text ?? '').includes('CR2026-01204'), {
      timeoutMs: 30_000,
    });
    expect(off!.mail.text).toMatch(/cancel/i);

    // The same day again changes nothing: the continued hearing keeps its first id and date.
    const again = await cli(
      'snapshot',
      'import',
      example('tuesday.tsv'),
      '--agency',
      court,
      '--feed',
      'court_calendar',
      '--taken-at',
      '2026-12-02T19:00:00Z',
      '--deletions',
      example('tuesday-deletions.tsv'),
    );
    expect(again.stdout).toContain('events emitted: 0');
  });
});
