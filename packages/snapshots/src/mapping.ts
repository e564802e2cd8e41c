import { DateTime } from 'luxon';
import { z } from 'zod';

/** The feeds an agency may hand over as whole files. */
export const snapshotFeeds = ['custody_roster', 'court_calendar'] as const;
export type SnapshotFeed = (typeof snapshotFeeds)[number];

/** A column by its header name (matched case- and space-insensitively) or its 1-based position. */
const column = z.union([z.string().trim().min(1), z.number().int().min(1).max(500)]);

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
  /** The zone of dates and times written without an offset. */
  timeZone: timeZone.default('UTC'),
  dateFormat,
};

const rosterMapping = z.strictObject({
  feed: z.literal('custody_roster'),
  ...common,
  columns: z.strictObject({
    /** The agency's reference for the person (booking or inmate number): one row per person. */
    subjectRef: column,
    facility: column,
    bookedAt: column.optional(),
  }),
});

const calendarMapping = z.strictObject({
  feed: z.literal('court_calendar'),
  ...common,
  columns: z.strictObject({
    /** The case number registrations follow. */
    subjectRef: column,
    /** The court's own id for the hearing; without one, `key` says which columns identify a row. */
    hearingId: column.optional(),
    hearingType: column.optional(),
    date: column,
    time: column.optional(),
    court: column,
    courtroom: column.optional(),
    status: column.optional(),
  }),
  /**
   * For calendars whose rows have no id of their own: the fields that together identify a hearing
   * (the date is a poor choice, since a reschedule changes it).
   */
  key: z
    .array(z.enum(['subjectRef', 'hearingType', 'court', 'courtroom']))
    .min(1)
    .optional(),
  /** Status values that mean the hearing is off (compared case-insensitively). */
  cancelledStatuses: z
    .array(z.string().trim().min(1))
    .default(['cancelled', 'canceled', 'vacated', 'stricken']),
  /** The court's own words for hearing types, mapped to the catalogue's; anything else is `other`. */
  hearingTypes: z.record(z.string(), z.string()).default({}),
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
