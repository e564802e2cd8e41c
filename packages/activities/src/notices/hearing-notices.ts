import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Notice } from './compose-notice';
import { momentIn } from './event-messages';
import { has, noticeLanguageOf, say } from './messages';

interface HearingFacts {
  agencyId: string;
  subjectRef: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A reminder that a hearing is coming, in the registrant's language, with its date in their time zone. */
export function hearingReminderNotice(
  facts: HearingFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone: string,
  beforeMs: number,
): Notice {
  const scheduledFor = text(facts.data.scheduledFor);
  if (!scheduledFor) throw new Error(`event ${facts.type} has no hearing date to remind of`);
  const language = noticeLanguageOf(requestedLanguage);
  const where = [text(facts.data.court), text(facts.data.courtroom)].filter(Boolean).join(', ');
  const soon = say(language, 'reminder.soon', { days: Math.max(0, Math.round(beforeMs / 86_400_000)) });
  const caseRef = facts.subjectRef;
  return {
    language,
    subject: say(language, 'reminder.subject', { soon, caseRef }),
    text: [
      say(language, 'greeting', { name: displayName }),
      '',
      say(language, 'reminder.body', {
        caseRef,
        soon,
        when: momentIn(language, scheduledFor, timeZone),
        where,
        has_where: has(where),
      }),
      say(language, 'reminder.attend'),
      say(language, 'reminder.changes'),
    ].join('\n'),
  };
}

/**
 * An .ics invite for a hearing notice: one calendar entry per hearing (the UID), updated by each
 * reschedule and withdrawn by a cancellation. `sequence` counts the hearing's earlier changes, so
 * calendars take each change over the invite it replaces.
 */
export function hearingCalendar(
  facts: HearingFacts,
  sequence: number,
): { method: 'REQUEST' | 'CANCEL'; content: string } | undefined {
  const hearingId = text(facts.data.hearingId);
  const start = text(facts.data.scheduledFor) ?? text(facts.data.previouslyScheduledFor);
  if (
    !hearingId ||
    !start ||
    !facts.type.startsWith('court.hearing_') ||
    facts.type === 'court.hearing_outcome'
  ) {
    return undefined;
  }
  const cancelled = facts.type === 'court.hearing_cancelled';
  const calendar = ical({
    prodId: { company: 'Switchboard', product: 'hearing-notices', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const startsAt = new Date(start);
  calendar.createEvent({
    id: `hearing-${facts.agencyId}-${hearingId}@switchboard`,
    sequence,
    start: startsAt,
    // Courts publish a start time only; an hour holds the place in the calendar.
    end: new Date(startsAt.getTime() + 3_600_000),
    summary: `Court hearing, case ${facts.subjectRef}`,
    location: [text(facts.data.court), text(facts.data.courtroom)].filter(Boolean).join(', ') || undefined,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return { method: cancelled ? 'CANCEL' : 'REQUEST', content: calendar.toString() };
}
