import type {
  CaseEventActivities,
  ConsentActivities,
  NotificationActivities,
} from '@switchboard/workflows/contract';

/**
 * The fan-out's page, made of the thin activities it used to call one by one: forward (first page
 * only) beside finding the page, then ordinary news sent to the page. Each part keeps its own
 * idempotency, so the whole may be retried.
 */
export function createCaseEventActivities(
  notification: Pick<
    NotificationActivities,
    'findRegistrationsForSubject' | 'findRegistrationsTold' | 'deliverToRegistrations'
  >,
  consent: Pick<ConsentActivities, 'forwardCaseEvent'>,
): CaseEventActivities {
  return {
    async fanOutPage(input) {
      const [page] = await Promise.all([
        input.correctionOf
          ? notification.findRegistrationsTold({ caseEventId: input.correctionOf, after: input.after })
          : notification.findRegistrationsForSubject({
              agencyId: input.agencyId,
              subjectRef: input.subjectRef,
              family: input.family,
              after: input.after,
            }),
        input.forward ? consent.forwardCaseEvent({ caseEventId: input.caseEventId }) : undefined,
      ]);
      const addressed = page.registrationIds.length;
      if (input.urgency === 'urgent' || addressed === 0) {
        return { addressed, sent: 0, alreadySent: 0, skipped: 0, own: page.registrationIds, next: page.next };
      }
      const outcome = await notification.deliverToRegistrations({
        caseEventId: input.caseEventId,
        registrationIds: page.registrationIds,
      });
      return {
        addressed,
        sent: outcome.sent,
        alreadySent: outcome.alreadySent,
        skipped: outcome.skipped,
        own: outcome.held,
        next: page.next,
      };
    },
  };
}
