import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { hearingTypes } from '@switchboard/events';
import { parse } from 'csv-parse';
import { DateTime } from 'luxon';
import type { CalendarMapping, FieldSpec, RosterMapping, SnapshotMapping } from './mapping';

/** What a roster row says: where the person is held, since when. */
export interface RosterFields {
  facility: string;
  bookedAt?: string;
}

/** What a calendar row says about one hearing. */
export interface CalendarFields {
  hearingId: string;
  hearingType: (typeof hearingTypes)[number];
  scheduledFor: string;
  court: string;
  courtroom?: string;
  cancelled: boolean;
}

export interface SnapshotItem<F = RosterFields | CalendarFields> {
  /** 1-based line of the file where the row ends. */
  line: number;
  /** What identifies the row from one snapshot to the next. */
  itemKey: string;
  subjectRef: string;
  fields: F;
  digest: string;
}

export interface RowRejection {
  line: number;
  reason: string;
  /**
   * The row's key, when it could be read although the row could not: the item is in the file, so
   * what the last snapshot said of it stands (it must not look released or cancelled).
   */
  itemKey?: string;
}

export type SnapshotRow = { item: SnapshotItem } | { rejection: RowRejection };

/** The mapping does not fit the file (a named column is missing): nothing in it can be read. */
export class MappingMismatch extends Error {
  override readonly name = 'MappingMismatch';
}

const reference = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const YEAR_MS = 365.25 * 86_400_000;

/**
 * Streams a roster or calendar file as mapped rows, one at a time: quoted fields, CRLF or LF, a
 * byte-order mark, a header or none, ragged rows and trailing empty columns are all taken as they
 * come. A row that cannot be read, or says something impossible (a hearing in the year 9007), comes
 * out as a rejection with its line and reason; the rows around it are not affected.
 */
export async function* readSnapshot(
  source: Readable | AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  mapping: SnapshotMapping,
  takenAt: Date,
): AsyncGenerator<SnapshotRow> {
  const skipped: RowRejection[] = [];
  const parser = parse({
    delimiter: mapping.format === 'tsv' ? '\t' : ',',
    bom: true,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // A row longer than this is not a roster row (an unclosed quote swallowing the file, say): it
    // is rejected rather than held in memory.
    max_record_size: 64 * 1024,
    info: true,
    on_skip: (error) => {
      skipped.push({
        line: Number(error?.lines ?? 0),
        reason: `unreadable row: ${error?.message ?? 'malformed'}`,
      });
    },
  });
  const feeding = (async () => {
    try {
      for await (const chunk of oneNewlinePerLine(source)) {
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let read: ((values: string[]) => ReadResult) | undefined;
  if (!mapping.header) read = reader(mapping, undefined, takenAt);
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    while (skipped.length > 0) yield { rejection: skipped.shift()! };
    if (!read) {
      read = reader(mapping, record, takenAt);
      continue;
    }
    if (record.every((value) => value === '')) continue; // a row of empty columns is a blank line
    const result = read(record);
    if (result === 'passed over') continue;
    yield 'reason' in result
      ? { rejection: { line: info.lines, ...result } }
      : { item: { line: info.lines, ...result } };
  }
  await feeding;
  while (skipped.length > 0) yield { rejection: skipped.shift()! };
}

type ReadResult = Omit<SnapshotItem, 'line'> | { reason: string; itemKey?: string } | 'passed over';

/**
 * Calendar systems end lines with `\r\r\n` as often as `\r\n`; the CSV reader would count each
 * `\r` as a line and report rejected rows at the wrong numbers. Every run of carriage returns before a
 * newline becomes the newline alone, across chunk boundaries; text is decoded as UTF-8 once.
 */
async function* oneNewlinePerLine(
  source: Readable | AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let held = '';
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    const text = held + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    // Carriage returns at the very end may belong to a newline in the next chunk.
    const end = text.search(/\r+$/);
    held = end < 0 ? '' : text.slice(end);
    const body = end < 0 ? text : text.slice(0, end);
    if (body) yield body.replace(/\r+\n/g, '\n');
  }
  const rest = held + decoder.end();
  if (rest) yield rest.replace(/\r+\n/g, '\n');
}

const headerName = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

/** Resolves the mapping's columns against the header once; returns what reads one row. */
function reader(mapping: SnapshotMapping, header: string[] | undefined, takenAt: Date) {
  const positionOf = (name: string, column: string | number): number => {
    if (typeof column === 'number') return column - 1;
    if (!header) {
      throw new MappingMismatch(
        `the mapping names column "${column}" for ${name}, but says the file has no header: name columns by position (1, 2, …)`,
      );
    }
    const index = header.findIndex((heading) => headerName(heading) === headerName(column));
    if (index < 0) {
      throw new MappingMismatch(
        `the file has no column "${column}" (for ${name}); its header is: ${header.join(', ')}`,
      );
    }
    return index;
  };
  const specs: [string, FieldSpec][] = [
    ...(Object.entries(mapping.columns) as [string, FieldSpec | undefined][]).filter(
      (entry): entry is [string, FieldSpec] => entry[1] !== undefined,
    ),
    ...(mapping.recordTypes ? [['recordType', mapping.recordTypes.column] as [string, FieldSpec]] : []),
    ...(mapping.feed === 'court_calendar' && mapping.cancelledWhen
      ? [['cancelledWhen', mapping.cancelledWhen.column] as [string, FieldSpec]]
      : []),
  ];
  const positions = new Map<string, { at: number[]; with: string }>();
  for (const [name, spec] of specs) {
    positions.set(
      name,
      typeof spec === 'object'
        ? { at: spec.join.map((column) => positionOf(name, column)), with: spec.with }
        : { at: [positionOf(name, spec)], with: '' },
    );
  }
  const blanks = new Set(mapping.blankMarkers.map((marker) => marker.trim()));
  const cell = (values: string[], index: number) => {
    const text = values[index];
    return text === undefined || text === '' || blanks.has(text.trim()) ? undefined : text;
  };
  const value = (values: string[], name: string) => {
    const position = positions.get(name);
    if (!position) return undefined;
    const parts = position.at.map((index) => cell(values, index)).filter((part) => part !== undefined);
    return parts.length === 0 ? undefined : parts.join(position.with);
  };
  const wanted = mapping.recordTypes && new Set(mapping.recordTypes.values);
  const read =
    mapping.feed === 'custody_roster'
      ? (values: string[]) => readRosterRow(mapping, value.bind(null, values), takenAt)
      : (values: string[]) => readCalendarRow(mapping, value.bind(null, values), takenAt);
  return (values: string[]): ReadResult =>
    wanted && !wanted.has(value(values, 'recordType') ?? '') ? 'passed over' : read(values);
}

function readRosterRow(
  mapping: RosterMapping,
  value: (field: string) => string | undefined,
  takenAt: Date,
): ReadResult {
  const subjectRef = value('subjectRef');
  const badRef = checkReference(subjectRef, 'subjectRef');
  if (badRef) return { reason: badRef };
  const itemKey = subjectRef!;
  const facility = value('facility');
  const problem = checkPlace(facility, 'facility');
  if (problem) return { reason: problem, itemKey };
  const fields: RosterFields = { facility: facility! };
  const booked = value('bookedAt');
  if (booked !== undefined) {
    const bookedAt = readInstant(booked, undefined, mapping);
    if (!bookedAt)
      return { reason: `bookedAt "${booked}" is not a date in the format ${mapping.dateFormat}`, itemKey };
    if (bookedAt.getUTCFullYear() < 1950 || bookedAt.getTime() > takenAt.getTime() + 86_400_000) {
      return {
        reason: `bookedAt ${bookedAt.toISOString().slice(0, 10)} is impossible for a roster taken ${takenAt.toISOString().slice(0, 10)}`,
        itemKey,
      };
    }
    fields.bookedAt = bookedAt.toISOString();
  }
  return { itemKey, subjectRef: itemKey, fields, digest: digestOf([fields.facility, fields.bookedAt]) };
}

function readCalendarRow(
  mapping: CalendarMapping,
  value: (field: string) => string | undefined,
  takenAt: Date,
): ReadResult {
  const subjectRef = value('subjectRef');
  const courtCode = value('court');
  const court = courtCode === undefined ? undefined : (mapping.courtNames[courtCode] ?? courtCode);
  const courtroom = value('courtroom');
  const rawType = value('hearingType');
  // The key first: once it is known, a row that is wrong otherwise still says the hearing exists.
  let hearingId = value('hearingId');
  let itemKey: string | undefined;
  if (mapping.columns.hearingId !== undefined) {
    const idProblem = checkReference(hearingId, 'hearingId');
    if (idProblem) return { reason: idProblem };
    itemKey = hearingId!;
  } else if (!checkReference(subjectRef, 'subjectRef')) {
    const parts = {
      subjectRef: subjectRef!,
      hearingType: rawType ?? '',
      court: courtCode ?? '',
      courtroom: courtroom ?? '',
      date: value('date') ?? '',
      sequence: value('sequence') ?? '',
    };
    itemKey = (mapping.key ?? ['subjectRef']).map((field) => parts[field]).join('|');
    hearingId = `h-${createHash('sha256').update(itemKey).digest('hex').slice(0, 24)}`;
  }
  const reject = (reason: string) => ({ reason, ...(itemKey !== undefined && { itemKey }) });
  const problem =
    checkReference(subjectRef, 'subjectRef') ??
    checkPlace(court, 'court') ??
    (courtroom === undefined ? undefined : checkPlace(courtroom, 'courtroom', 40));
  if (problem) return reject(problem);
  const date = value('date');
  if (!date) return reject('date is empty');
  const time = value('time');
  const when = readInstant(date, time, mapping);
  if (!when) {
    return reject(
      `date "${date}"${time ? ` and time "${time}"` : ''} do not make a date in the format ${mapping.dateFormat}`,
    );
  }
  const offset = when.getTime() - takenAt.getTime();
  if (offset < -5 * YEAR_MS || offset > 10 * YEAR_MS) {
    return reject(
      `hearing date ${when.toISOString().slice(0, 10)} is impossible: more than 5 years before or 10 after the calendar's date`,
    );
  }
  const hearingType = hearingTypeOf(mapping, rawType);
  const status = value('status')?.toLowerCase();
  const said = mapping.cancelledWhen && value('cancelledWhen');
  const cancelled =
    (status !== undefined && mapping.cancelledStatuses.some((word) => word.toLowerCase() === status)) ||
    (said !== undefined &&
      (mapping.cancelledWhen!.when === 'not_empty' ||
        mapping.cancelledWhen!.when.some((word) => word.toLowerCase() === said.toLowerCase())));
  const fields: CalendarFields = {
    hearingId: hearingId!,
    hearingType,
    scheduledFor: when.toISOString(),
    court: court!,
    ...(courtroom && { courtroom }),
    cancelled,
  };
  return {
    itemKey: itemKey!,
    subjectRef: subjectRef!,
    fields,
    digest: digestOf([
      fields.hearingId,
      hearingType,
      fields.scheduledFor,
      fields.court,
      courtroom,
      cancelled,
    ]),
  };
}

/** An institution's name, as the catalogue's `place` takes it. */
function checkPlace(text: string | undefined, field: string, longest = 120): string | undefined {
  if (!text) return `${field} is empty`;
  if (text.length > longest) return `${field} is longer than ${longest} characters`;
  return undefined;
}

function checkReference(text: string | undefined, field: string): string | undefined {
  if (!text) return `${field} is empty`;
  if (!reference.test(text))
    return `${field} "${text.slice(0, 70)}" is not a reference (1-64 letters, digits, dots, colons or hyphens)`;
  return undefined;
}

function hearingTypeOf(mapping: CalendarMapping, raw: string | undefined): CalendarFields['hearingType'] {
  if (!raw) return 'other';
  const mapped = mapping.hearingTypes[raw] ?? raw.toLowerCase().replace(/[\s-]+/g, '_');
  return (hearingTypes as readonly string[]).includes(mapped)
    ? (mapped as CalendarFields['hearingType'])
    : 'other';
}

const timeFormats = ['HH:mm', 'H:mm', 'HH:mm:ss', 'h:mm a', 'h:mma', 'HHmm'];

/**
 * Rosters and calendars repeat the same few hundred dates across thousands of rows; parsing each
 * once keeps a 100,000-row file fast. Bounded, so a file of all-different dates cannot grow it.
 */
const parsedDates = new Map<string, Date | undefined>();
const PARSED_DATES_KEPT = 20_000;

function readInstant(date: string, time: string | undefined, mapping: SnapshotMapping): Date | undefined {
  const key = `${mapping.dateFormat}|${mapping.timeZone}|${date}|${time ?? ''}`;
  if (parsedDates.has(key)) return parsedDates.get(key);
  const parsed = parseInstant(date, time, mapping);
  if (parsedDates.size >= PARSED_DATES_KEPT) parsedDates.clear();
  parsedDates.set(key, parsed);
  return parsed;
}

function parseInstant(date: string, time: string | undefined, mapping: SnapshotMapping): Date | undefined {
  const zone = mapping.timeZone;
  let parsed: DateTime | undefined;
  if (mapping.dateFormat === 'iso') {
    parsed = DateTime.fromISO(time ? `${date}T${time}` : date, { zone, setZone: true });
  } else if (!time) {
    parsed = DateTime.fromFormat(date, mapping.dateFormat, { zone });
  } else {
    for (const format of timeFormats) {
      parsed = DateTime.fromFormat(`${date} ${time}`, `${mapping.dateFormat} ${format}`, { zone });
      if (parsed.isValid) break;
    }
  }
  return parsed?.isValid ? parsed.toJSDate() : undefined;
}

function digestOf(values: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(values)).digest('base64url');
}
