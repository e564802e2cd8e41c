import type { PortalCaseEvent } from '@switchboard/db';
import { paroleReviewWorkflowId } from '@switchboard/workflows/contract';

export interface PortalHearing {
  kind: 'hearing';
  registrationId: string;
  agencyId: string;
  subjectRef: string;
  hearingId: string;
  hearingType: string | null;
  /** What stands now: scheduled (or moved), cancelled, or the outcome the court reported. */
  state: 'scheduled' | 'cancelled' | 'held' | 'continued' | 'decided';
  scheduledFor: string | null;
  /** Set when the hearing was moved: the time it had before. */
  movedFrom: string | null;
  court: string | null;
  courtroom: string | null;
  victimMayBeHeard: boolean;
  reminders: { notice: string; sentAt: string | null }[];
}

export interface PortalReview {
  kind: 'parole-review';
  registrationId: string;
  agencyId: string;
  subjectRef: string;
  reviewId: string;
  reviewWorkflowId: string;
  scheduledFor: string;
  board: string;
  statementDeadline: string | null;
  /** A statement may be sent now (the board has not decided, and the deadline has not passed). */
  statementOpen: boolean;
  statement: { submittedAt: string; accepted: boolean } | null;
  decision: { decision: string; decidedAt: string; nextReviewBy: string | null } | null;
  reminders: { notice: string; sentAt: string | null }[];
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The registrant's hearings and parole reviews as they stand now, from the court and parole news
 * they were sent (in the order it happened): a moved hearing shows its new time, a cancelled one says
 * so, a decided review shows the decision. Upcoming first, soonest first; then the past, latest first.
 */
export function portalCalendar(
  events: readonly PortalCaseEvent[],
  statements: readonly {
    registrationId: string;
    reviewWorkflowId: string;
    submittedAt: Date;
    acceptedAt: Date | null;
  }[],
  now: Date,
): (PortalHearing | PortalReview)[] {
  const hearings = new Map<string, PortalHearing>();
  const reviews = new Map<string, PortalReview>();
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const event of ordered) {
    const d = event.data;
    const reminders = event.reminders.map((r) => ({ notice: r.notice, sentAt: iso(r.sentAt) }));
    if (event.type.startsWith('court.hearing_')) {
      const key = `${event.registrationId}/${event.agencyId}/${d.hearingId}`;
      const hearing: PortalHearing = hearings.get(key) ?? {
        kind: 'hearing',
        registrationId: event.registrationId,
        agencyId: event.agencyId,
        subjectRef: event.subjectRef,
        hearingId: String(d.hearingId),
        hearingType: null,
        state: 'scheduled',
        scheduledFor: null,
        movedFrom: null,
        court: null,
        courtroom: null,
        victimMayBeHeard: false,
        reminders: [],
      };
      hearing.reminders.push(...reminders);
      if (event.type === 'court.hearing_scheduled') {
        Object.assign(hearing, {
          state: 'scheduled',
          hearingType: text(d.hearingType),
          scheduledFor: text(d.scheduledFor),
          court: text(d.court),
          courtroom: text(d.courtroom),
          victimMayBeHeard: d.victimMayBeHeard === true,
        });
      } else if (event.type === 'court.hearing_rescheduled') {
        Object.assign(hearing, {
          state: 'scheduled',
          movedFrom: text(d.previouslyScheduledFor),
          scheduledFor: text(d.scheduledFor),
          court: text(d.court) ?? hearing.court,
          courtroom: text(d.courtroom) ?? hearing.courtroom,
        });
      } else if (event.type === 'court.hearing_cancelled') {
        hearing.state = 'cancelled';
        hearing.scheduledFor ??= text(d.previouslyScheduledFor);
      } else if (event.type === 'court.hearing_outcome') {
        hearing.state = d.outcome === 'continued' ? 'continued' : d.outcome === 'held' ? 'held' : 'decided';
      }
      hearings.set(key, hearing);
    } else if (event.type === 'parole.review_scheduled' || event.type === 'parole.decision') {
      const key = `${event.registrationId}/${event.agencyId}/${d.reviewId}`;
      const reviewWorkflowId = paroleReviewWorkflowId(event.agencyId, String(d.reviewId));
      const review: PortalReview = reviews.get(key) ?? {
        kind: 'parole-review',
        registrationId: event.registrationId,
        agencyId: event.agencyId,
        subjectRef: event.subjectRef,
        reviewId: String(d.reviewId),
        reviewWorkflowId,
        scheduledFor: '',
        board: '',
        statementDeadline: null,
        statementOpen: false,
        statement: null,
        decision: null,
        reminders: [],
      };
      review.reminders.push(...reminders);
      if (event.type === 'parole.review_scheduled') {
        review.scheduledFor = text(d.scheduledFor) ?? review.scheduledFor;
        review.board = text(d.board) ?? review.board;
        review.statementDeadline = text(d.statementDeadline);
      } else {
        review.decision = {
          decision: String(d.decision),
          decidedAt: text(d.decidedAt) ?? iso(event.occurredAt)!,
          nextReviewBy: text(d.nextReviewBy),
        };
      }
      reviews.set(key, review);
    }
  }
  for (const review of reviews.values()) {
    const closesAt = review.statementDeadline ?? review.scheduledFor;
    review.statementOpen = review.decision === null && closesAt !== '' && new Date(closesAt) > now;
    const latest = statements
      .filter(
        (s) => s.registrationId === review.registrationId && s.reviewWorkflowId === review.reviewWorkflowId,
      )
      .at(-1);
    review.statement = latest
      ? { submittedAt: latest.submittedAt.toISOString(), accepted: latest.acceptedAt !== null }
      : null;
  }
  const when = (item: PortalHearing | PortalReview) => new Date(item.scheduledFor || 0).getTime();
  const upcoming = (item: PortalHearing | PortalReview) =>
    when(item) > now.getTime() &&
    (item.kind === 'hearing' ? item.state === 'scheduled' : item.decision === null);
  const all = [...hearings.values(), ...reviews.values()];
  return [
    ...all.filter(upcoming).sort((a, b) => when(a) - when(b)),
    ...all.filter((item) => !upcoming(item)).sort((a, b) => when(b) - when(a)),
  ];
}
