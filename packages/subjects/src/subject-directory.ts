import { type Db, findSubjectsByNameAndBirthDate, saveSubjectIdentity } from '@switchboard/db';
import type { DataKeyring } from '@switchboard/sealing';
import { z } from 'zod';
import { matchAcrossAgencies } from './subject-links';

const personName = z.string().trim().min(1, 'must not be empty').max(100);

/** A calendar date that exists, in the past, after 1900: a birth date an agency could hold. */
const birthDate = z.iso.date('must be a date as YYYY-MM-DD').refine((text) => {
  const date = new Date(`${text}T00:00:00Z`);
  return date.getUTCFullYear() >= 1900 && date.getTime() <= Date.now();
}, 'must be a real birth date: after 1900 and not in the future');

/** What an agency says about who one of its references is. */
export const subjectDescription = z.object({
  subjectRef: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be the reference the agency publishes events under'),
  givenName: personName,
  familyName: personName,
  birthDate,
});
export type SubjectDescription = z.input<typeof subjectDescription>;

/** What a victim types to find the person: full name and date of birth, all required. */
export const subjectSearch = z.object({ givenName: personName, familyName: personName, birthDate });
export type SubjectSearch = z.input<typeof subjectSearch>;

/**
 * An agency records (or corrects) who one of its references is; sealed, found by blind index. Then
 * other agencies' references with the same name and date of birth are linked (a sure match) or
 * queued for a coordinator (an unsure one).
 */
export async function describeSubject(
  deps: { db: Db; keyring: DataKeyring; linkConfidence: number },
  agencyId: string,
  input: SubjectDescription,
): Promise<{ linked: number; queued: number }> {
  const subject = subjectDescription.parse(input);
  await saveSubjectIdentity(deps.db, deps.keyring, { agencyId, ...subject });
  return matchAcrossAgencies(deps, { agencyId, subjectRef: subject.subjectRef });
}

/**
 * Candidates for a victim's registration: references whose full name and date of birth match
 * exactly (and, for staff, whose family name and date of birth do, after those). Nothing is returned that the searcher did
 * not type but the agency and its reference; a partial name or a year alone finds nothing.
 */
export async function findSubjects(
  deps: { db: Db; keyring: DataKeyring },
  input: SubjectSearch,
  /** Family-name matches too: for advocates and coordinators, never the public. */
  options: { partial: boolean } = { partial: false },
) {
  const query = subjectSearch.parse(input);
  const found = (await findSubjectsByNameAndBirthDate(deps.db, deps.keyring, query)).filter(
    (candidate) => options.partial || candidate.exact,
  );
  return found.map(({ exact, ...candidate }) => ({
    ...candidate,
    match: exact ? ('name and date of birth' as const) : ('family name and date of birth' as const),
  }));
}
