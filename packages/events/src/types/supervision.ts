import { z } from 'zod';
import { instant, place } from './shared';

export const supervisionStartedV1 = z.strictObject({
  startedAt: instant,
  supervisionType: z.enum(['probation', 'parole', 'pretrial']),
  office: place,
  endsAt: instant.optional(),
});

export const supervisionViolationV1 = z.strictObject({
  reportedAt: instant,
  violationType: z.enum(['technical', 'new_offense', 'no_contact_breach', 'other']),
});

export const supervisionAbscondedV1 = z.strictObject({ reportedAt: instant });

export const supervisionEndedV1 = z.strictObject({
  endedAt: instant,
  reason: z.enum(['completed', 'revoked', 'transferred', 'deceased', 'other']),
});
