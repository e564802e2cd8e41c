import { agencySource } from '@switchboard/events';
import { type NiemFacts, NiemRefused } from './read-niem-message';

/** A CloudEvent as an agency would have written it, ready for the same checks as every event. */
export interface NiemCaseEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  dataversion: '1';
  data: Record<string, unknown>;
}

/**
 * The case event a NIEM message stands for. A court's update and delete messages do not carry the
 * schedule they change, so `previousSchedule` is the hub's own memory of that hearing (its latest
 * stored schedule); without one, an update is a first schedule and a delete needs the message's date.
 */
export function niemCaseEvent(
  facts: NiemFacts,
  context: { agencyId: string; facility: string; previousSchedule?: string; now: Date },
): NiemCaseEvent {
  const received = facts.sentAt ?? context.now.toISOString();
  const event = (type: string, time: string, data: Record<string, unknown>): NiemCaseEvent => ({
    specversion: '1.0',
    id: facts.eventId,
    source: agencySource(context.agencyId),
    type,
    subject: facts.subjectRef,
    time,
    dataversion: '1',
    data,
  });
  const { facility } = context;
  switch (facts.kind) {
    case 'booking':
      return event('custody.booked', facts.bookedAt, {
        bookedAt: facts.bookedAt,
        facility,
        charges: facts.charges,
      });
    case 'release':
      return event('custody.released', facts.releasedAt, {
        reason: facts.reason,
        releasedAt: facts.releasedAt,
        facility,
        supervision: facts.reason === 'parole' || facts.reason === 'probation' ? facts.reason : 'none',
      });
    case 'release-scheduled':
      return event('custody.release_scheduled', received, {
        scheduledFor: facts.scheduledFor,
        facility,
        reason: facts.reason,
      });
    case 'court-event': {
      const { hearingId, scheduledFor, court, courtroom } = facts;
      const room = courtroom ? { courtroom } : {};
      if (facts.operation === 'delete') {
        const previouslyScheduledFor = context.previousSchedule ?? scheduledFor;
        if (!previouslyScheduledFor)
          throw new NiemRefused(
            'a delete for a hearing the hub never saw scheduled needs its date',
            '/CourtEventExchange/j:CourtEvent/j:CourtEventSchedule/nc:ScheduleDate',
          );
        return event('court.hearing_cancelled', received, { hearingId, previouslyScheduledFor });
      }
      if (facts.operation === 'update' && context.previousSchedule)
        return event('court.hearing_rescheduled', received, {
          hearingId,
          previouslyScheduledFor: context.previousSchedule,
          scheduledFor,
          court,
          ...room,
        });
      return event('court.hearing_scheduled', received, {
        hearingId,
        hearingType: facts.hearingType,
        scheduledFor,
        court,
        ...room,
        victimMayBeHeard: false,
      });
    }
  }
}
