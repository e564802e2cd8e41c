import {
  areLinked,
  type Db,
  decideSubjectMatch,
  findAgency,
  findIdentityMatches,
  findPendingMatch,
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
 * An agency says one of its references is the same person as another agency's (a prison naming the
 * jail booking a person came from). One agency's word alone could send one victim's news to
 * another, so it waits as a proposal, in the coordinators' review queue, until the other agency
 * says the same or a coordinator links it; from then on a registration made against either
 * follows both.
 */
export async function linkSubjectReferences(
  deps: { db: Db },
  agencyId: string,
  input: SubjectLink,
): Promise<'linked' | 'proposed'> {
  const link = subjectLink.parse(input);
  if (link.sameAs.agencyId === agencyId && link.sameAs.subjectRef === link.subjectRef) {
    throw new SubjectLinkRefused('a reference is already the same person as itself');
  }
  if (!(await findAgency(deps.db, link.sameAs.agencyId))) {
    throw new SubjectLinkRefused(
      `sameAs.agencyId: agency "${link.sameAs.agencyId}" is not registered with this hub`,
    );
  }
  const own = { agencyId, subjectRef: link.subjectRef };
  if (await areLinked(deps.db, own, link.sameAs)) return 'linked';
  const theirs = await findPendingMatch(deps.db, own, link.sameAs, proposedBy(link.sameAs.agencyId));
  if (theirs) {
    await decideSubjectMatch(deps.db, theirs.id, 'linked', `agency ${agencyId}, confirming`);
    return 'linked';
  }
  await recordSubjectMatch(deps.db, {
    subject: own,
    other: link.sameAs,
    basis: proposedBy(agencyId),
    confidence: 1,
    status: 'pending',
  });
  return 'proposed';
}

const proposedBy = (agencyId: string) => `proposed by agency ${agencyId}`;

/** A coordinator links two agencies' references at once, on their own word (audited by the caller). */
export async function linkAsCoordinator(
  deps: { db: Db },
  agencyId: string,
  input: SubjectLink,
  decidedBy: string,
): Promise<void> {
  const link = subjectLink.parse(input);
  if (link.sameAs.agencyId === agencyId && link.sameAs.subjectRef === link.subjectRef) {
    throw new SubjectLinkRefused('a reference is already the same person as itself');
  }
  for (const id of [agencyId, link.sameAs.agencyId]) {
    if (!(await findAgency(deps.db, id)))
      throw new SubjectLinkRefused(`agency "${id}" is not registered with this hub`);
  }
  const own = { agencyId, subjectRef: link.subjectRef };
  const proposal = await findPendingMatch(deps.db, own, link.sameAs, proposedBy(agencyId));
  const reverse = await findPendingMatch(deps.db, own, link.sameAs, proposedBy(link.sameAs.agencyId));
  for (const pending of [proposal, reverse]) {
    if (pending) await decideSubjectMatch(deps.db, pending.id, 'linked', decidedBy);
  }
  await linkSubjects(deps.db, own, link.sameAs, decidedBy);
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
