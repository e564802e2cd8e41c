import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { meaningOf } from './changes';
import { type SnapshotMappingInput, snapshotMapping } from './mapping';
import { MappingMismatch, readSnapshot, type SnapshotRow } from './read-snapshot';

const takenAt = new Date('2026-12-01T12:00:00Z');

async function read(text: string, mapping: SnapshotMappingInput, chunk = 7): Promise<SnapshotRow[]> {
  // Small chunks, so records and CRLFs straddle chunk boundaries as they do in a real upload.
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunk) chunks.push(text.slice(i, i + chunk));
  const rows: SnapshotRow[] = [];
  for await (const row of readSnapshot(Readable.from(chunks), snapshotMapping.parse(mapping), takenAt)) {
    rows.push(row);
  }
  return rows;
}

const roster: SnapshotMappingInput = {
  feed: 'custody_roster',
  columns: { subjectRef: 'Booking No', facility: 'Facility', bookedAt: 'Booked' },
  dateFormat: 'MM/dd/yyyy',
  timeZone: 'America/Los_Angeles',
};

describe('reading a roster file', () => {
  it('takes quoted fields, CRLF, a byte-order mark, trailing empty columns and blank lines', async () => {
    const file =
      '\uFEFFBooking No,Facility,Booked,,\r\n' +
      'B-1,"Riverside County Jail, North",11/02/2026,,\r\n' +
      '\r\n' +
      'B-2,"The ""Annex""",11/03/2026\r\n' +
      ',,,,\r\n' +
      'B-3,Main Jail,11/04/2026,,,\r\n';
    const rows = await read(file, roster);
    expect(rows.map((row) => ('item' in row ? row.item.itemKey : row.rejection))).toEqual([
      'B-1',
      'B-2',
      'B-3',
    ]);
    const first = rows[0] as { item: { fields: { facility: string; bookedAt: string }; line: number } };
    expect(first.item.fields).toEqual({
      facility: 'Riverside County Jail, North',
      bookedAt: '2026-11-02T08:00:00.000Z', // midnight in Los Angeles (PST)
    });
    expect(first.item.line).toBe(2);
    expect((rows[1] as { item: { fields: { facility: string } } }).item.fields.facility).toBe('The "Annex"');
  });

  it('reads a file with no header by column position', async () => {
    const rows = await read('B-9\tMain Jail\n', {
      feed: 'custody_roster',
      format: 'tsv',
      header: false,
      columns: { subjectRef: 1, facility: 2 },
    });
    expect(rows).toEqual([
      { item: expect.objectContaining({ line: 1, itemKey: 'B-9', fields: { facility: 'Main Jail' } }) },
    ]);
  });

  it('rejects impossible and unreadable rows by line and reason, and keeps the rest', async () => {
    const file = [
      'Booking No,Facility,Booked',
      'B-1,Main Jail,11/02/2026',
      'B 2,Main Jail,11/02/2026', // not a reference
      'B-3,Main Jail,13/45/2026', // no such date
      'B-4,Main Jail,11/02/9007', // the year 9007
      'B-5,"Main Jail,11/02/2026', // an unclosed quote swallows the rest of the file…
    ].join('\n');
    const rows = await read(file, roster);
    const rejections = rows.flatMap((row) => ('rejection' in row ? [row.rejection] : []));
    expect(rows.flatMap((row) => ('item' in row ? [row.item.itemKey] : []))).toEqual(['B-1']);
    expect(rejections.slice(0, 3)).toEqual([
      { line: 3, reason: expect.stringContaining('subjectRef "B 2" is not a reference') },
      // The key was read: the person is listed, whatever else is wrong with the row.
      { line: 4, reason: expect.stringContaining('bookedAt "13/45/2026" is not a date'), itemKey: 'B-3' },
      { line: 5, reason: expect.stringContaining('impossible'), itemKey: 'B-4' },
    ]);
    // …and is reported, not thrown: the import goes on with what it read.
    expect(rejections).toHaveLength(4);
  });

  it('names a mapped column the header does not have, and what the header has', async () => {
    await expect(read('Booking,Facility\nB-1,Main\n', roster)).rejects.toThrow(MappingMismatch);
    await expect(read('Booking,Facility\nB-1,Main\n', roster)).rejects.toThrow(
      /no column "Booking No".*Booking, Facility/,
    );
  });
});

describe('reading a court calendar', () => {
  const calendar: SnapshotMappingInput = {
    feed: 'court_calendar',
    columns: {
      subjectRef: 'CASE',
      hearingType: 'TYPE',
      date: 'DATE',
      time: 'TIME',
      court: 'DEPT',
      status: 'STATUS',
    },
    key: ['subjectRef', 'hearingType'],
    dateFormat: 'yyyyMMdd',
    timeZone: 'America/Chicago',
    hearingTypes: { SENT: 'sentencing' },
  };

  it('identifies rows with no id of their own by the key columns, so a new date is a reschedule', async () => {
    const before = await read('CASE,TYPE,DATE,TIME,DEPT,STATUS\nCR-1,SENT,20270105,9:30,Dept 4,\n', calendar);
    const after = await read(
      'CASE,TYPE,DATE,TIME,DEPT,STATUS\nCR-1,SENT,20270112,1:30 PM,Dept 4,\n',
      calendar,
    );
    const [was, now] = [before[0], after[0]] as unknown as {
      item: { itemKey: string; subjectRef: string; fields: never };
    }[];
    expect(now!.item.itemKey).toBe(was!.item.itemKey);
    expect(now!.item.fields).toMatchObject({
      hearingType: 'sentencing',
      scheduledFor: '2027-01-12T19:30:00.000Z',
    });
    const change = meaningOf(
      'court_calendar',
      {
        itemKey: now!.item.itemKey,
        now: { subjectRef: 'CR-1', fields: now!.item.fields },
        before: { subjectRef: 'CR-1', fields: was!.item.fields },
      },
      takenAt,
    );
    expect(change).toMatchObject({
      type: 'court.hearing_rescheduled',
      data: { previouslyScheduledFor: '2027-01-05T15:30:00.000Z', scheduledFor: '2027-01-12T19:30:00.000Z' },
    });
  });

  it('a status of cancelled is a cancellation; a future hearing gone from the file is one too', async () => {
    const [row] = (await read(
      'CASE,TYPE,DATE,TIME,DEPT,STATUS\nCR-1,SENT,20270105,09:30,Dept 4,Vacated\n',
      calendar,
    )) as {
      item: { fields: { cancelled: boolean } };
    }[];
    expect(row!.item.fields.cancelled).toBe(true);
    // A hearing that is no longer in the file: in the future it was called off; in the past it simply happened.
    const dropped = (scheduledFor: string) =>
      meaningOf(
        'court_calendar',
        {
          itemKey: 'k',
          before: {
            subjectRef: 'CR-2',
            fields: {
              hearingId: 'H-2',
              hearingType: 'trial',
              scheduledFor,
              court: 'Dept 4',
              cancelled: false,
            },
          },
        },
        takenAt,
      );
    expect(dropped('2027-02-01T15:00:00.000Z')).toMatchObject({
      type: 'court.hearing_cancelled',
      data: { removedFromCalendar: true },
    });
    const past = dropped('2026-11-01T15:00:00.000Z');
    expect(past).toBeUndefined();
  });
});

describe('a court calendar as real systems write it (examples/court-calendar)', () => {
  const example = (name: string) =>
    readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'court-calendar', name), 'utf8');
  const mapping = JSON.parse(example('mapping.json')) as SnapshotMappingInput;

  it('reads \\r\\r\\n lines with the right numbers, each day of a trial, blank markers, codes, and passes notes over', async () => {
    const rows = await read(example('monday.tsv'), {
      ...mapping,
      feed: 'court_calendar',
    } as SnapshotMappingInput);
    const items = rows.flatMap((row) => ('item' in row ? [row.item] : []));
    const rejections = rows.flatMap((row) => ('rejection' in row ? [row.rejection] : []));
    expect(items.map((item) => [item.line, item.subjectRef])).toEqual([
      [1, 'CR2026-00931'],
      [2, 'CR2026-00931'],
      [4, 'CR2026-01177'],
      [5, 'CR2026-01204'],
      [6, 'CR2026-01311'],
    ]);
    // Two days of one trial are two hearings, not a repeat.
    expect(new Set(items.map((item) => item.itemKey)).size).toBe(5);
    expect(items[0]!.fields).toEqual({
      hearingId: expect.stringMatching(/^h-/),
      hearingType: 'trial',
      scheduledFor: '2027-01-11T17:00:00.000Z',
      court: 'Riverside Hall of Justice, Criminal',
      courtroom: 'Dept 41',
      cancelled: false,
    });
    // The blank marker is no courtroom at all; the court's code became its name.
    expect(items[3]!.fields).toMatchObject({ court: 'Banning Justice Center, Criminal', cancelled: false });
    expect(items[3]!.fields).not.toHaveProperty('courtroom');
    expect(rejections).toEqual([
      expect.objectContaining({ line: 7, reason: expect.stringMatching(/9007-01-06 is impossible/) }),
    ]);
  });

  it('a cancel date with or without a reason cancels the appearance', async () => {
    const rows = await read(example('tuesday.tsv'), {
      ...mapping,
      feed: 'court_calendar',
    } as SnapshotMappingInput);
    const byLine = new Map(rows.flatMap((row) => ('item' in row ? [[row.item.line, row.item]] : [])));
    expect(byLine.get(5)!.fields).toMatchObject({
      cancelled: true,
      scheduledFor: '2027-01-05T18:30:00.000Z',
    });
    expect(byLine.get(6)!.fields).toMatchObject({
      cancelled: false,
      scheduledFor: '2027-01-19T18:30:00.000Z',
    });
    expect(byLine.get(7)!.fields).toMatchObject({ cancelled: true });
  });

  it('a continuance is told as a reschedule of the first appearance; its successor tells nothing', () => {
    const first = {
      hearingId: 'h-1',
      hearingType: 'preliminary' as const,
      scheduledFor: '2027-01-05T18:30:00.000Z',
      court: 'Riverside Hall of Justice, Criminal',
      courtroom: 'Dept 12',
      cancelled: false,
    };
    const later = { ...first, hearingId: 'h-2', scheduledFor: '2027-01-19T18:30:00.000Z' };
    expect(
      meaningOf(
        'court_calendar',
        {
          itemKey: 'a',
          before: { subjectRef: 'CR2026-01177', fields: first },
          now: { subjectRef: 'CR2026-01177', fields: { ...first, cancelled: true, continuedTo: later } },
        },
        takenAt,
      ),
    ).toEqual({
      type: 'court.hearing_rescheduled',
      subjectRef: 'CR2026-01177',
      data: {
        hearingId: 'h-1',
        previouslyScheduledFor: first.scheduledFor,
        scheduledFor: later.scheduledFor,
        court: first.court,
        courtroom: 'Dept 12',
      },
    });
    expect(
      meaningOf(
        'court_calendar',
        {
          itemKey: 'b',
          now: { subjectRef: 'CR2026-01177', fields: { ...later, hearingId: 'h-1', continuationOf: 'a' } },
        },
        takenAt,
      ),
    ).toBeUndefined();
  });
});
