import { z } from 'zod';

export const agencyKinds = [
  'police',
  'jail',
  'prison',
  'court',
  'prosecutor',
  'parole_board',
  'probation',
  'community_advocate',
  'compensation_programme',
  /** Victim-offender dialogue and apology letters: restorative justice, only ever at the victim's request. */
  'restorative_programme',
] as const;

export const agencyKind = z.enum(agencyKinds);
export type AgencyKind = z.infer<typeof agencyKind>;

/** Agency ids double as NATS subject tokens, so they stay lower-case, dotless and short. */
export const agencyId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lower-case letters, digits or hyphens');
export type AgencyId = z.infer<typeof agencyId>;

/** The CloudEvents `source` an agency publishes under. */
export const agencySource = (id: AgencyId): string => `/agencies/${id}`;

export function agencyIdFromSource(source: string): AgencyId | undefined {
  const match = /^\/agencies\/([^/]+)$/.exec(source);
  const parsed = agencyId.safeParse(match?.[1]);
  return parsed.success ? parsed.data : undefined;
}
