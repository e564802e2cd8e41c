import { z } from 'zod';
import { instant, place, reference } from './shared';

export const protectiveOrderIssuedV1 = z.strictObject({
  orderId: reference,
  orderType: z.enum(['emergency', 'temporary', 'final']),
  issuedAt: instant,
  expiresAt: instant.optional(),
  court: place,
  noContact: z.boolean(),
});

export const protectiveOrderServedV1 = z.strictObject({ orderId: reference, servedAt: instant });

export const protectiveOrderModifiedV1 = z.strictObject({
  orderId: reference,
  modifiedAt: instant,
  expiresAt: instant.optional(),
  noContact: z.boolean().optional(),
});

export const protectiveOrderExpiredV1 = z.strictObject({ orderId: reference, expiredAt: instant });
