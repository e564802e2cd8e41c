import { z } from 'zod';
import { releaseReasons } from './custody-released';
import { instant, place } from './shared';

export const custodyBookedV1 = z.strictObject({
  bookedAt: instant,
  facility: place,
  charges: z.array(z.string().min(1).max(200)).max(50).default([]),
});

export const custodyTransferredV1 = z.strictObject({
  transferredAt: instant,
  fromFacility: place,
  toFacility: place,
});

export const custodyEscapedV1 = z.strictObject({ escapedAt: instant, facility: place });

export const custodyRecapturedV1 = z.strictObject({ recapturedAt: instant, facility: place });

export const custodyDeceasedV1 = z.strictObject({ diedAt: instant, facility: place.optional() });

export const custodyReleaseScheduledV1 = z.strictObject({
  scheduledFor: instant,
  facility: place,
  reason: z.enum(releaseReasons),
});

export const custodyTemporaryReleaseV1 = z.strictObject({
  startsAt: instant,
  endsAt: instant,
  facility: place,
  purpose: z.enum(['work', 'medical', 'furlough', 'court', 'other']),
});
