import type { DerivedCaseEvent, SnapshotChange } from '@switchboard/db';
import { catalogueEntry, orderingKey } from '@switchboard/events';
import { caseEventWorkflowId } from '@switchboard/workflows/contract';
import type { SnapshotFeed } from './mapping';
import type { CalendarFields, RosterFields } from './read-snapshot';

/** Calendar fields as the diff gives them, with a continuance's pairing when there is one. */
type Continued = CalendarFields & { continuedTo?: CalendarFields; continuationOf?: string };

interface Change {
  type: string;
  subjectRef: string;
  data: Record<string, unknown>;
}

/**
 * What a difference between two snapshots means, in the catalogue's words. A roster: a new row is a
 * booking, a row gone is a release, a new facility a transfer. A calendar: a new hearing is
 * scheduled, a new date or courtroom is a reschedule, a status of cancelled (or a future hearing
 * gone from the file) a cancellation; a past hearing dropping off the calendar means nothing.
 */
export function meaningOf(feed: SnapshotFeed, change: SnapshotChange, takenAt: Date): Change | undefined {
  const at = takenAt.toISOString();
  if (feed === 'custody_roster') {
    const now = change.now?.fields as RosterFields | undefined;
    const before = change.before?.fields as RosterFields | undefined;
    if (now && !before) {
      return {
        type: 'custody.booked',
        subjectRef: change.now!.subjectRef,
        data: { bookedAt: now.bookedAt ?? at, facility: now.facility, charges: [] },
      };
    }
    if (before && !now) {
      // A roster says who is held, not why they left: the reason is the agency's to publish.
      return {
        type: 'custody.released',
        subjectRef: change.before!.subjectRef,
        data: { releasedAt: at, facility: before.facility, reason: 'other', supervision: 'none' },
      };
    }
    if (now && before && now.facility !== before.facility) {
      return {
        type: 'custody.transferred',
        subjectRef: change.now!.subjectRef,
        data: { transferredAt: at, fromFacility: before.facility, toFacility: now.facility },
      };
    }
    return undefined;
  }

  const now = change.now?.fields as Continued | undefined;
  const before = change.before?.fields as CalendarFields | undefined;
  const place = (hearing: CalendarFields) => ({
    court: hearing.court,
    ...(hearing.courtroom && { courtroom: hearing.courtroom }),
  });
  // A hearing is known by the id it was first told under (see the snapshot's continuances).
  const hearingId = before?.hearingId ?? now?.hearingId;
  // A continuance: this appearance was cancelled and the hearing goes on at a later one.
  if (now?.continuedTo && before && !before.cancelled) {
    return {
      type: 'court.hearing_rescheduled',
      subjectRef: change.now!.subjectRef,
      data: {
        hearingId,
        previouslyScheduledFor: before.scheduledFor,
        scheduledFor: now.continuedTo.scheduledFor,
        ...place(now.continuedTo),
      },
    };
  }
  // The later appearance of a continuance: its predecessor's change above told it.
  if (now?.continuationOf && !before) return undefined;
  if (now && (!before || before.cancelled) && !now.cancelled) {
    return {
      type: 'court.hearing_scheduled',
      subjectRef: change.now!.subjectRef,
      data: {
        hearingId: now.hearingId,
        hearingType: now.hearingType,
        scheduledFor: now.scheduledFor,
        ...place(now),
        victimMayBeHeard: false,
      },
    };
  }
  if (now && before && !before.cancelled && now.cancelled) {
    return {
      type: 'court.hearing_cancelled',
      subjectRef: change.now!.subjectRef,
      data: { hearingId, previouslyScheduledFor: before.scheduledFor },
    };
  }
  if (before && !now && !before.cancelled && new Date(before.scheduledFor) > takenAt) {
    return {
      type: 'court.hearing_cancelled',
      subjectRef: change.before!.subjectRef,
      data: {
        hearingId: before.hearingId,
        previouslyScheduledFor: before.scheduledFor,
        removedFromCalendar: true,
      },
    };
  }
  if (
    now &&
    before &&
    !now.cancelled &&
    (now.scheduledFor !== before.scheduledFor ||
      now.court !== before.court ||
      now.courtroom !== before.courtroom)
  ) {
    return {
      type: 'court.hearing_rescheduled',
      subjectRef: change.now!.subjectRef,
      data: {
        hearingId,
        previouslyScheduledFor: before.scheduledFor,
        scheduledFor: now.scheduledFor,
        ...place(now),
      },
    };
  }
  return undefined;
}

/** The changes of one page as case events, checked against the catalogue like any published event. */
export function eventsOfChanges(
  run: { importId: string; agencyId: string; feed: SnapshotFeed; takenAt: Date },
  changes: SnapshotChange[],
  counter: { next: number },
): DerivedCaseEvent[] {
  const events: DerivedCaseEvent[] = [];
  for (const change of changes) {
    const meaning = meaningOf(run.feed, change, run.takenAt);
    if (!meaning) continue;
    const entry = catalogueEntry(meaning.type, 1)!;
    const data = entry.data.parse(meaning.data) as Record<string, unknown>;
    const eventId = `snapshot-${run.importId}-${counter.next++}`;
    events.push({
      eventId,
      type: meaning.type,
      family: entry.family,
      orderingKey: orderingKey(meaning.type, data),
      urgency: entry.urgency,
      subjectRef: meaning.subjectRef,
      occurredAt: run.takenAt,
      data,
      workflowId: caseEventWorkflowId(run.agencyId, eventId),
    });
  }
  return events;
}
