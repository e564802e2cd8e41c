import { z } from 'zod';
import { reference } from './shared';

/** "This feed is alive." Nothing else: the envelope's time says when. */
export const feedHeartbeatV1 = z.strictObject({
  pending: z.number().int().min(0).optional(),
});

/**
 * "An event we published was wrong": it is withdrawn, and everyone who was told hears a
 * correction. Names the withdrawn event by the id the agency gave it; no free text, which could
 * carry someone's name.
 */
export const feedRetractionV1 = z.strictObject({
  retracts: reference,
  reason: z.enum(['published_in_error', 'wrong_person', 'duplicate', 'data_error', 'other']),
});
