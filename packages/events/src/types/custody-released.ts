import { z } from 'zod';

export const releaseReasons = [
  'sentence_completed',
  'bail',
  'bond',
  'own_recognizance',
  'parole',
  'probation',
  'court_order',
  'charges_dropped',
  'acquitted',
  'transfer_to_other_jurisdiction',
  'other',
] as const;

export const custodyReleasedV1 = z.strictObject({
  reason: z.enum(releaseReasons),
  releasedAt: z.iso.datetime({ offset: true }),
  /** The releasing facility: an institution, never a person. */
  facility: z.string().min(1).max(120),
  supervision: z.enum(['none', 'probation', 'parole', 'pretrial']).default('none'),
});

export type CustodyReleasedV1 = z.infer<typeof custodyReleasedV1>;
