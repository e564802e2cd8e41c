import {
  type Db,
  decideSubjectMatch,
  findAgency,
  findIdentityMatches,
  linkSubjects,
  listSubjectMatches,
  recordSubjectMatch,
  type SubjectReference,
} from '@switchboard/db';
import { z } from 'zod';

const reference = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be a reference the agency publishes events under');

/** "Our reference is the same person as that agency's reference." */
export const subjectLink = z.object({
  subjectRef: reference,
  sameAs: z.object({ agencyId: z.string().min(1).max(64), subjectRef: reference }),
});
export type SubjectLink = z.input<typeof subjectLink>;

export class SubjectLinkRefused extends Error {
  override readonly name = 'SubjectLinkRefused';
}

/**
 * An agency links one of its references to another agency's (a prison naming the jail booking a
 * person came from): from then on a registration made against either follows both. Certain, because
 * the agency knows; recorded as the agency's word.
 */
export async function linkSubjectReferences(deps: { db: Db }, agencyId: string, input: SubjectLink) {
  const link = subjectLink.parse(input);
  if (link.sameAs.agencyId === agencyId && link.sameAs.subjectRef === link.subjectRef) {
    throw new SubjectLinkRefused('a reference is already the same person as itself');
  }
  if (!(await findAgency(deps.db, link.sameAs.agencyId))) {
    throw new SubjectLinkRefused(
      `sameAs.agencyId: agency "${link.sameAs.agencyId}" is not registered with this hub`,
    );
  }
  await linkSubjects(deps.db, { agencyId, subjectRef: link.subjectRef }, link.sameAs, agencyId);
}

/** How sure a match on sealed name and birth-date indexes is. */
const confidenceOf = (full: boolean) =>
  full
    ? { basis: 'full name and date of birth', confidence: 0.9 }
    : { basis: 'family name and date of birth', confidence: 0.5 };

/**
 * After an agency says who a reference is: other agencies' references with the same name and date
 * of birth. At or above `linkConfidence` they are linked at once; below it the match waits in the
 * coordinators' review queue and nobody is notified through it until a coordinator links it.
 */
export async function matchAcrossAgencies(
  deps: { db: Db; linkConfidence: number },
  subject: SubjectReference,
): Promise<{ linked: number; queued: number }> {
  const found = await findIdentityMatches(deps.db, subject);
  let linked = 0;
  let queued = 0;
  for (const match of found) {
    const { basis, confidence } = confidenceOf(match.full);
    const other = { agencyId: match.agency_id, subjectRef: match.subject_ref };
    const sure = confidence >= deps.linkConfidence;
    await recordSubjectMatch(deps.db, {
      subject,
      other,
      basis,
      confidence,
      status: sure ? 'linked' : 'pending',
    });
    if (sure) {
      await linkSubjects(deps.db, subject, other, 'hub: name and date of birth');
      linked++;
    } else {
      queued++;
    }
  }
  return { linked, queued };
}

/** The coordinators' review queue: references only, with why they might be one person. */
export async function pendingMatches(deps: { db: Db }) {
  const rows = await listSubjectMatches(deps.db, 'pending');
  return rows.map((row) => ({
    id: row.id,
    subject: { agencyId: row.agency_id, subjectRef: row.subject_ref },
    other: { agencyId: row.other_agency_id, subjectRef: row.other_subject_ref },
    basis: row.basis,
    confidence: row.confidence,
    foundAt: row.found_at.toISOString(),
  }));
}

/** A coordinator links the pair, or says they are different people. False: no such pending match. */
export async function decideMatch(
  deps: { db: Db },
  input: { matchId: string; decision: 'link' | 'reject'; decidedBy: string },
): Promise<boolean> {
  return decideSubjectMatch(
    deps.db,
    input.matchId,
    input.decision === 'link' ? 'linked' : 'rejected',
    input.decidedBy,
  );
}
