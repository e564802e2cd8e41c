import { DateTime } from 'luxon';
import { z } from 'zod';

/** The feeds an agency may hand over as whole files. */
export const snapshotFeeds = ['custody_roster', 'court_calendar'] as const;
export type SnapshotFeed = (typeof snapshotFeeds)[number];

/** A column by its header name (matched case- and space-insensitively) or its 1-based position. */
const column = z.union([z.string().trim().min(1), z.number().int().min(1).max(500)]);
/**
 * A field made of several columns, joined (a case number split over a prefix and a number; a court
 * named by a location code and a court type): `{ "join": [5, 6], "with": " " }`.
 */
const field = z.union([
  column,
  z.strictObject({ join: z.array(column).min(2).max(6), with: z.string().max(3).default(' ') }),
]);
export type FieldSpec = z.output<typeof field>;

const timeZone = z
  .string()
  .refine(
    (zone) => DateTime.local().setZone(zone).isValid,
    'must be an IANA time zone, like America/Chicago',
  );

/**
 * How dates are written: `iso` (2026-12-01, 2026-12-01T09:30, or with an offset), or a Luxon
 * format for the date part (`MM/dd/yyyy`, `dd.MM.yyyy`, `yyyyMMdd`…); a time column, if any, is
 * `HH:mm`, `H:mm`, `h:mm a` or `HHmm`.
 */
const dateFormat = z.string().trim().min(2).max(40).default('iso');

const common = {
  format: z.enum(['csv', 'tsv']).default('csv'),
  /** false: the file has no header row, and columns are named by position. */
  header: z.boolean().default(true),
  /** What the file writes for "no value" (a backslash, a backslash-space, `NULL`…): read as empty. */
  blankMarkers: z.array(z.string().max(10)).max(5).default([]),
  /**
   * Files that mix kinds of record: only rows whose `column` holds one of `values` are read; the
   * others are passed over (counted, not rejected).
   */
  recordTypes: z.strictObject({ column, values: z.array(z.string().min(1)).min(1) }).optional(),
  /** The zone of dates and times written without an offset. */
  timeZone: timeZone.default('UTC'),
  dateFormat,
};

const rosterMapping = z.strictObject({
  feed: z.literal('custody_roster'),
  ...common,
  columns: z.strictObject({
    /** The agency's reference for the person (booking or inmate number): one row per person. */
    subjectRef: field,
    facility: field,
    bookedAt: column.optional(),
  }),
});

const calendarMapping = z.strictObject({
  feed: z.literal('court_calendar'),
  ...common,
  columns: z.strictObject({
    /** The case number registrations follow. */
    subjectRef: field,
    /** The court's own id for the hearing; without one, `key` says which columns identify a row. */
    hearingId: field.optional(),
    hearingType: column.optional(),
    date: column,
    time: column.optional(),
    court: field,
    courtroom: column.optional(),
    status: column.optional(),
    /** An appearance's number within its case and type (day 1, 2… of a trial), for `key`. */
    sequence: column.optional(),
  }),
  /**
   * For calendars whose rows have no id of their own: the fields that together identify a hearing.
   * One row per appearance (each day of a trial its own row) needs `date` or `sequence` in it; a
   * court that moves an appearance by cancelling it and adding a later one says `continuances`.
   */
  key: z
    .array(z.enum(['subjectRef', 'hearingType', 'court', 'courtroom', 'date', 'sequence']))
    .min(1)
    .optional(),
  /** Status values that mean the hearing is off (compared case-insensitively). */
  cancelledStatuses: z
    .array(z.string().trim().min(1))
    .default(['cancelled', 'canceled', 'vacated', 'stricken']),
  /**
   * Cancellation said by another column: `{ "column": 9, "when": "not_empty" }` (a cancel date, with
   * or without a reason), or `"when": ["Y", "C"]` for listed values.
   */
  cancelledWhen: z
    .strictObject({ column, when: z.union([z.literal('not_empty'), z.array(z.string().min(1)).min(1)]) })
    .optional(),
  /**
   * An appearance cancelled while a later one of the same case and hearing type appears in the same
   * file is one hearing moved (a continuance): told as a reschedule to the new date.
   */
  continuances: z.boolean().default(false),
  /** The court's own words or codes for hearing types, mapped to the catalogue's; anything else is `other`. */
  hearingTypes: z.record(z.string(), z.string()).default({}),
  /** Court codes (after joining) mapped to names a victim can read; a code not listed is shown as written. */
  courtNames: z.record(z.string(), z.string().min(1).max(120)).default({}),
});

export const snapshotMapping = z
  .discriminatedUnion('feed', [rosterMapping, calendarMapping])
  .refine(
    (mapping) => mapping.feed !== 'court_calendar' || mapping.columns.hearingId !== undefined || mapping.key,
    {
      message: 'a calendar without a hearingId column needs `key`: the fields that identify a hearing',
      path: ['key'],
    },
  );
export type SnapshotMapping = z.output<typeof snapshotMapping>;
export type SnapshotMappingInput = z.input<typeof snapshotMapping>;
export type RosterMapping = z.output<typeof rosterMapping>;
export type CalendarMapping = z.output<typeof calendarMapping>;
