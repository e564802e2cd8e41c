import { z } from 'zod';

/**
 * CloudEvents 1.0, JSON format. The envelope is strict: an attribute we do not know is refused
 * rather than stored, so nothing (personal data included) slips in beside the validated `data`.
 */
export const caseEventEnvelope = z.strictObject({
  specversion: z.literal('1.0'),
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
      'must be 1-128 letters, digits, dots, colons, underscores or hyphens',
    ),
  source: z.string().min(1),
  type: z.string().min(1),
  /** The subject or case reference: an identifier, never a name. */
  subject: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
      'must be an identifier of 1-64 letters, digits, dots, colons or hyphens',
    ),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json').optional(),
  /** CloudEvents extension attribute naming the version of `data`'s schema. */
  dataversion: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'must be a positive whole number as a string')
    .default('1'),
  data: z.record(z.string(), z.unknown()),
});

export type CaseEventEnvelope = z.infer<typeof caseEventEnvelope>;
