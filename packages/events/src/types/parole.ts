import { z } from 'zod';
import { day, instant, place, reference } from './shared';

export const paroleReviewScheduledV1 = z.strictObject({
  reviewId: reference,
  scheduledFor: instant,
  board: place,
  /** Last moment a victim's impact statement is taken into account. */
  statementDeadline: instant.optional(),
});

export const paroleDecisionV1 = z.strictObject({
  reviewId: reference,
  decidedAt: instant,
  decision: z.enum(['granted', 'denied', 'deferred', 'revoked']),
  nextReviewBy: day.optional(),
});
