import { z } from 'zod';
import { instant, reference } from './shared';

/** Goes to the letter bank; the victim is never told unprompted (see the catalogue). */
export const apologyLetterReceivedV1 = z.strictObject({ letterId: reference, receivedAt: instant });

export const dialogueRequestAnsweredV1 = z.strictObject({
  requestId: reference,
  answeredAt: instant,
  answer: z.enum(['accepted', 'declined', 'withdrawn']),
});
