import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Notice } from './compose-notice';

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
  language: string,
  displayName: string,
  timeZone: string,
  beforeMs: number,
): Notice {
  const scheduledFor = text(facts.data.scheduledFor);
  if (!scheduledFor) throw new Error(`event ${facts.type} has no hearing date to remind of`);
  const es = language === 'es';
  const when = new Intl.DateTimeFormat(es ? 'es' : 'en', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(scheduledFor));
  const where = [text(facts.data.court), text(facts.data.courtroom)].filter(Boolean).join(', ');
  const days = Math.round(beforeMs / 86_400_000);
  const soon = es
    ? days >= 1
      ? `en ${days} día${days === 1 ? '' : 's'}`
      : 'pronto'
    : days >= 1
      ? `in ${days} day${days === 1 ? '' : 's'}`
      : 'soon';
  if (es) {
    return {
      language: 'es',
      subject: `Recordatorio: audiencia ${soon} (caso ${facts.subjectRef})`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `Le recordamos que hay una audiencia del caso ${facts.subjectRef} ${soon}: ${when}${where ? `, en ${where}` : ''}.`,
        'No tiene que asistir. Si desea asistir o ser escuchado/a, su defensor o defensora de víctimas puede acompañarle.',
        'Si la fecha cambia, le avisaremos.',
      ].join('\n'),
    };
  }
  return {
    language: 'en',
    subject: `Reminder: hearing ${soon} (case ${facts.subjectRef})`,
    text: [
      `Hello ${displayName},`,
      '',
      `A reminder that there is a hearing in case ${facts.subjectRef} ${soon}: ${when}${where ? `, at ${where}` : ''}.`,
      'You do not have to attend. If you want to be there or to be heard, your victim advocate can go with you.',
      'If the date changes, we will tell you.',
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
