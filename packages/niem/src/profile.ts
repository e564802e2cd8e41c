import { hearingTypes } from '@switchboard/events';
import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * What an agency's NIEM messages leave out and the hub must know: the facility a jail's bookings
 * happen in, the zone of times written without an offset, and the court's own hearing-type codes.
 */
export const niemProfile = z.strictObject({
  facility: z.string().min(1).max(120).optional(),
  timeZone: z
    .string()
    .refine(
      (zone) => DateTime.local().setZone(zone).isValid,
      'must be an IANA time zone, like America/Chicago',
    )
    .default('UTC'),
  /** The court's hearing-type codes → our hearing types; a code not listed is `other`. */
  hearingCodes: z.record(z.string().min(1).max(40), z.enum(hearingTypes)).default({}),
});
export type NiemProfile = z.infer<typeof niemProfile>;
