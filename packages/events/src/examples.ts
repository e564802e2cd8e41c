import { agencySource } from './agency';
import type { CaseEventType, EventData } from './catalogue';

/** The event id the `feed.retraction` example withdraws (a retraction must name one). */
export const RETRACTED_EXAMPLE = 'evt-sample-to-retract';

/**
 * One valid `data` per catalogue type, with an agency of the demo's that may publish it: the
 * event reference shows them, and the tests publish every one. `at(m)` is m minutes from now.
 */
export const catalogueExamples: {
  [T in CaseEventType]: { publisher: string; data: (at: (minutesFromNow: number) => string) => EventData<T> };
} = {
  'custody.booked': {
    publisher: 'county-jail',
    data: (at) => ({ bookedAt: at(-60), facility: 'Riverside County Jail', charges: ['PC 273.5'] }),
  },
  'custody.released': {
    publisher: 'county-jail',
    data: (at) => ({ reason: 'bail', releasedAt: at(-5), facility: 'Riverside County Jail' }),
  },
  'custody.transferred': {
    publisher: 'state-prison',
    data: (at) => ({ transferredAt: at(-5), fromFacility: 'North Facility', toFacility: 'South Facility' }),
  },
  'custody.escaped': {
    publisher: 'state-prison',
    data: (at) => ({ escapedAt: at(-3), facility: 'North Facility' }),
  },
  'custody.recaptured': {
    publisher: 'county-jail',
    data: (at) => ({ recapturedAt: at(-1), facility: 'Riverside County Jail' }),
  },
  'custody.deceased': { publisher: 'state-prison', data: (at) => ({ diedAt: at(-30) }) },
  'custody.release_scheduled': {
    publisher: 'state-prison',
    data: (at) => ({
      scheduledFor: at(60 * 24 * 30),
      facility: 'North Facility',
      reason: 'sentence_completed',
    }),
  },
  'custody.temporary_release': {
    publisher: 'state-prison',
    data: (at) => ({ startsAt: at(60), endsAt: at(60 * 8), facility: 'North Facility', purpose: 'medical' }),
  },
  'court.hearing_scheduled': {
    publisher: 'riverside-court',
    data: (at) => ({
      hearingId: 'H-100',
      hearingType: 'sentencing',
      scheduledFor: at(60 * 24 * 14),
      court: 'Riverside Superior Court',
    }),
  },
  'court.hearing_rescheduled': {
    publisher: 'riverside-court',
    data: (at) => ({
      hearingId: 'H-100',
      previouslyScheduledFor: at(60 * 24 * 14),
      scheduledFor: at(60 * 24 * 21),
      court: 'Riverside Superior Court',
      courtroom: 'Dept 12',
    }),
  },
  'court.hearing_cancelled': {
    publisher: 'riverside-court',
    data: (at) => ({ hearingId: 'H-100', previouslyScheduledFor: at(60 * 24 * 21) }),
  },
  'court.hearing_outcome': {
    publisher: 'riverside-court',
    data: () => ({ hearingId: 'H-101', outcome: 'continued' }),
  },
  'court.sentence_imposed': {
    publisher: 'riverside-court',
    data: (at) => ({
      imposedAt: at(-10),
      court: 'Riverside Superior Court',
      custodyMonths: 36,
      probationMonths: 24,
    }),
  },
  'court.case_dismissed': {
    publisher: 'riverside-court',
    data: (at) => ({ dismissedAt: at(-10), court: 'Riverside Superior Court', withPrejudice: false }),
  },
  'protective_order.issued': {
    publisher: 'riverside-court',
    data: (at) => ({
      orderId: 'PO-7',
      orderType: 'temporary',
      issuedAt: at(-20),
      expiresAt: at(60 * 24 * 21),
      court: 'Riverside Superior Court',
      noContact: true,
    }),
  },
  'protective_order.served': {
    publisher: 'riverside-court',
    data: (at) => ({ orderId: 'PO-7', servedAt: at(-10) }),
  },
  'protective_order.modified': {
    publisher: 'riverside-court',
    data: (at) => ({ orderId: 'PO-7', modifiedAt: at(-5), expiresAt: at(60 * 24 * 60) }),
  },
  'protective_order.expired': {
    publisher: 'riverside-court',
    data: (at) => ({ orderId: 'PO-6', expiredAt: at(-1) }),
  },
  'parole.review_scheduled': {
    publisher: 'state-parole-board',
    data: (at) => ({
      reviewId: 'PR-9',
      scheduledFor: at(60 * 24 * 90),
      board: 'Board of Parole Hearings',
      statementDeadline: at(60 * 24 * 60),
    }),
  },
  'parole.decision': {
    publisher: 'state-parole-board',
    data: (at) => ({ reviewId: 'PR-8', decidedAt: at(-60), decision: 'denied', nextReviewBy: '2029-11-01' }),
  },
  'supervision.started': {
    publisher: 'riverside-probation',
    data: (at) => ({
      startedAt: at(-60),
      supervisionType: 'probation',
      office: 'Riverside Probation, Hemet Office',
    }),
  },
  'supervision.violation': {
    publisher: 'riverside-probation',
    data: (at) => ({ reportedAt: at(-30), violationType: 'technical' }),
  },
  'supervision.absconded': { publisher: 'riverside-probation', data: (at) => ({ reportedAt: at(-15) }) },
  'supervision.ended': {
    publisher: 'riverside-probation',
    data: (at) => ({ endedAt: at(-5), reason: 'completed' }),
  },
  'restorative.apology_letter_received': {
    publisher: 'state-prison',
    data: (at) => ({ letterId: 'L-3', receivedAt: at(-60) }),
  },
  'restorative.dialogue_request_answered': {
    publisher: 'state-prison',
    data: (at) => ({ requestId: 'DR-2', answeredAt: at(-60), answer: 'declined' }),
  },
  'feed.heartbeat': { publisher: 'riverside-probation', data: () => ({ pending: 0 }) },
  // The round trip publishes the event it withdraws first (RETRACTED_EXAMPLE), as a retraction must name one.
  'feed.retraction': {
    publisher: 'riverside-probation',
    data: () => ({ retracts: RETRACTED_EXAMPLE, reason: 'published_in_error' }),
  },
};

/** A whole CloudEvent for a type, as its agency would send it, times counted from `now`. */
export function exampleEvent(type: CaseEventType, now: Date) {
  const example = catalogueExamples[type];
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  return {
    specversion: '1.0',
    id: `evt-example-${type.replace(/[._]/g, '-')}`,
    source: agencySource(example.publisher),
    type,
    subject: 'BK-2026-000187',
    time: at(-1),
    dataversion: '1',
    data: (example.data as (at: (m: number) => string) => unknown)(at),
  };
}
