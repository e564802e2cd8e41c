import { z } from 'zod';

/** "This feed is alive." Nothing else: the envelope's time says when. */
export const feedHeartbeatV1 = z.strictObject({
  pending: z.number().int().min(0).optional(),
});
