import { blindIndex, type DataKeyring, seal } from '@switchboard/sealing';
import type { Db } from '../connect';

export interface SubjectIdentity {
  agencyId: string;
  subjectRef: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  birthDate: string;
}

/**
 * A name as a search compares it: accents and case folded, anything but letters dropped, so
 * "José  García-López" and "jose garcialopez" meet.
 */
function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

const fullIndex = (keyring: DataKeyring, family: string, given: string, birthDate: string) =>
  blindIndex(keyring, `subject:${nameKey(family)}|${nameKey(given)}|${birthDate}`);
const familyIndex = (keyring: DataKeyring, family: string, birthDate: string) =>
  blindIndex(keyring, `subject:${nameKey(family)}|${birthDate}`);

/** The agency's latest word on who its reference is replaces the earlier one. */
export async function saveSubjectIdentity(db: Db, keyring: DataKeyring, subject: SubjectIdentity) {
  const values = {
    name_sealed: await seal(
      keyring,
      JSON.stringify({ given: subject.givenName, family: subject.familyName }),
    ),
    birth_date_sealed: await seal(keyring, subject.birthDate),
    full_index: fullIndex(keyring, subject.familyName, subject.givenName, subject.birthDate),
    family_index: familyIndex(keyring, subject.familyName, subject.birthDate),
    updated_at: new Date(),
  };
  await db
    .insertInto('subject_identity')
    .values({ agency_id: subject.agencyId, subject_ref: subject.subjectRef, ...values })
    .onConflict((oc) => oc.columns(['agency_id', 'subject_ref']).doUpdateSet(values))
    .execute();
}

/**
 * References whose family name and date of birth match exactly; `exact` when the given name does
 * too. Identifiers only, with the agency's name: nothing the searcher did not already type.
 */
export async function findSubjectsByNameAndBirthDate(
  db: Db,
  keyring: DataKeyring,
  query: { givenName: string; familyName: string; birthDate: string },
): Promise<{ agencyId: string; agencyName: string; subjectRef: string; exact: boolean }[]> {
  const full = fullIndex(keyring, query.familyName, query.givenName, query.birthDate);
  const rows = await db
    .selectFrom('subject_identity')
    .innerJoin('agency', 'agency.id', 'subject_identity.agency_id')
    .select([
      'subject_identity.agency_id',
      'agency.name',
      'subject_identity.subject_ref',
      'subject_identity.full_index',
    ])
    .where('subject_identity.family_index', '=', familyIndex(keyring, query.familyName, query.birthDate))
    .where('agency.status', '=', 'active')
    .orderBy('subject_identity.agency_id')
    .orderBy('subject_identity.subject_ref')
    .limit(50)
    .execute();
  return rows
    .map((row) => ({
      agencyId: row.agency_id,
      agencyName: row.name,
      subjectRef: row.subject_ref,
      exact: row.full_index === full,
    }))
    .sort((a, b) => Number(b.exact) - Number(a.exact));
}
