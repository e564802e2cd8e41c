import type { PortalCaseEvent } from '@switchboard/db';
import { describe, expect, it } from 'vitest';
import { portalCalendar } from './portal-calendar';

const now = new Date('2026-12-03T12:00:00Z');
let n = 0;
function event(type: string, data: Record<string, unknown>, reminders: string[] = []): PortalCaseEvent {
  n++;
  return {
    caseEventId: `e${n}`,
    registrationId: 'r1',
    agencyId: type.startsWith('parole') ? 'board' : 'court',
    subjectRef: 'CASE-1',
    type,
    occurredAt: new Date(now.getTime() - 100_000 + n * 1000),
    data,
    reminders: reminders.map((notice) => ({ notice, sentAt: now })),
  };
}

describe("the portal's hearings and reviews", () => {
  it('shows a moved hearing at its new time, with the reminders sent, soonest first', () => {
    const items = portalCalendar(
      [
        event('court.hearing_scheduled', {
          hearingId: 'H1',
          hearingType: 'sentencing',
          scheduledFor: '2026-12-20T17:00:00Z',
          court: 'Riverside Superior Court',
          courtroom: '4B',
          victimMayBeHeard: true,
        }),
        event(
          'court.hearing_rescheduled',
          {
            hearingId: 'H1',
            previouslyScheduledFor: '2026-12-20T17:00:00Z',
            scheduledFor: '2026-12-10T17:00:00Z',
            court: 'Riverside Superior Court',
          },
          ['reminder-168h'],
        ),
        event('court.hearing_scheduled', {
          hearingId: 'H2',
          hearingType: 'status',
          scheduledFor: '2026-12-08T17:00:00Z',
          court: 'Riverside Superior Court',
        }),
      ],
      [],
      now,
    );
    expect(items.map((i) => (i.kind === 'hearing' ? i.hearingId : i.reviewId))).toEqual(['H2', 'H1']);
    expect(items[1]).toMatchObject({
      state: 'scheduled',
      scheduledFor: '2026-12-10T17:00:00Z',
      movedFrom: '2026-12-20T17:00:00Z',
      courtroom: '4B',
      victimMayBeHeard: true,
      reminders: [{ notice: 'reminder-168h' }],
    });
  });

  it('puts a cancelled hearing with the past, saying so', () => {
    const [hearing] = portalCalendar(
      [
        event('court.hearing_scheduled', {
          hearingId: 'H3',
          scheduledFor: '2026-12-15T17:00:00Z',
          court: 'C',
        }),
        event('court.hearing_cancelled', { hearingId: 'H3', previouslyScheduledFor: '2026-12-15T17:00:00Z' }),
      ],
      [],
      now,
    );
    expect(hearing).toMatchObject({ state: 'cancelled', scheduledFor: '2026-12-15T17:00:00Z' });
  });

  it('opens a review for statements until its deadline or its decision, and shows the statement sent', () => {
    const scheduled = event('parole.review_scheduled', {
      reviewId: 'P1',
      scheduledFor: '2027-01-15T17:00:00Z',
      board: 'State Board',
      statementDeadline: '2027-01-01T08:00:00Z',
    });
    const statement = {
      registrationId: 'r1',
      reviewWorkflowId: 'parole-review:board:P1',
      submittedAt: now,
      acceptedAt: now,
    };
    const [open] = portalCalendar([scheduled], [statement], now);
    expect(open).toMatchObject({ kind: 'parole-review', statementOpen: true, statement: { accepted: true } });
    const [late] = portalCalendar([scheduled], [], new Date('2027-01-02T00:00:00Z'));
    expect(late).toMatchObject({ statementOpen: false, statement: null });
    const [decided] = portalCalendar(
      [
        scheduled,
        event('parole.decision', {
          reviewId: 'P1',
          decidedAt: '2026-12-03T11:00:00Z',
          decision: 'denied',
          nextReviewBy: '2028-01-15',
        }),
      ],
      [],
      now,
    );
    expect(decided).toMatchObject({
      statementOpen: false,
      decision: { decision: 'denied', nextReviewBy: '2028-01-15' },
    });
  });
});
