import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../connect';

export interface SubjectReference {
  agencyId: string;
  subjectRef: string;
}

/**
 * Says two agency references are one person: their groups merge (a booking linked to an inmate
 * number already linked to a parole id makes one group of three). Idempotent.
 */
export async function linkSubjects(
  db: Db,
  a: SubjectReference,
  b: SubjectReference,
  linkedBy: string,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // Links are rare; one at a time keeps two merges from crossing.
    await sql`select pg_advisory_xact_lock(hashtext('subject-links'))`.execute(trx);
    const found = await trx
      .selectFrom('subject_person')
      .select(['agency_id', 'subject_ref', 'person_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('agency_id', '=', a.agencyId), eb('subject_ref', '=', a.subjectRef)]),
          eb.and([eb('agency_id', '=', b.agencyId), eb('subject_ref', '=', b.subjectRef)]),
        ]),
      )
      .execute();
    const personOf = (ref: SubjectReference) =>
      found.find((row) => row.agency_id === ref.agencyId && row.subject_ref === ref.subjectRef)?.person_id;
    const person = personOf(a) ?? personOf(b) ?? randomUUID();
    const other = [personOf(a), personOf(b)].find((id) => id && id !== person);
    if (other)
      await trx
        .updateTable('subject_person')
        .set({ person_id: person })
        .where('person_id', '=', other)
        .execute();
    for (const ref of [a, b]) {
      if (personOf(ref)) continue;
      await trx
        .insertInto('subject_person')
        .values({
          agency_id: ref.agencyId,
          subject_ref: ref.subjectRef,
          person_id: person,
          linked_by: linkedBy,
        })
        .onConflict((oc) => oc.columns(['agency_id', 'subject_ref']).doNothing())
        .execute();
    }
    return person;
  });
}

/** Other agencies' references whose name and birth date indexes match this one's. */
export async function findIdentityMatches(db: Db, ref: SubjectReference) {
  return db
    .selectFrom('subject_identity as mine')
    .innerJoin('subject_identity as other', (join) =>
      join
        .onRef('other.family_index', '=', 'mine.family_index')
        .onRef('other.agency_id', '<>', 'mine.agency_id'),
    )
    .select([
      'other.agency_id',
      'other.subject_ref',
      sql<boolean>`other.full_index = mine.full_index`.as('full'),
    ])
    .where('mine.agency_id', '=', ref.agencyId)
    .where('mine.subject_ref', '=', ref.subjectRef)
    .limit(20)
    .execute();
}

export interface NewSubjectMatch {
  subject: SubjectReference;
  other: SubjectReference;
  basis: string;
  confidence: number;
  status: 'pending' | 'linked';
}

export async function recordSubjectMatch(db: Db, match: NewSubjectMatch): Promise<void> {
  await db
    .insertInto('subject_match')
    .values({
      agency_id: match.subject.agencyId,
      subject_ref: match.subject.subjectRef,
      other_agency_id: match.other.agencyId,
      other_subject_ref: match.other.subjectRef,
      basis: match.basis,
      confidence: match.confidence,
      status: match.status,
      decided_by: match.status === 'linked' ? 'hub' : null,
      decided_at: match.status === 'linked' ? new Date() : null,
    })
    .onConflict((oc) => oc.constraint('subject_match_once').doNothing())
    .execute();
}

export async function listSubjectMatches(db: Db, status: 'pending' | 'linked' | 'rejected' = 'pending') {
  return db
    .selectFrom('subject_match')
    .selectAll()
    .where('status', '=', status)
    .orderBy('found_at')
    .limit(200)
    .execute();
}

/** A coordinator's decision on a pending match; linking it links the references. */
export async function decideSubjectMatch(
  db: Db,
  id: string,
  decision: 'linked' | 'rejected',
  decidedBy: string,
): Promise<boolean> {
  const match = await db
    .updateTable('subject_match')
    .set({ status: decision, decided_by: decidedBy, decided_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (!match) return false;
  if (decision === 'linked') {
    await linkSubjects(
      db,
      { agencyId: match.agency_id, subjectRef: match.subject_ref },
      { agencyId: match.other_agency_id, subjectRef: match.other_subject_ref },
      decidedBy,
    );
  }
  return true;
}

/** Whether two references are already one person. */
export async function areLinked(db: Db, a: SubjectReference, b: SubjectReference): Promise<boolean> {
  const rows = await db
    .selectFrom('subject_person')
    .select('person_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('agency_id', '=', a.agencyId), eb('subject_ref', '=', a.subjectRef)]),
        eb.and([eb('agency_id', '=', b.agencyId), eb('subject_ref', '=', b.subjectRef)]),
      ]),
    )
    .execute();
  return rows.length === 2 && rows[0]!.person_id === rows[1]!.person_id;
}

/** The pending match between two references, either way round, recorded on `basis`. */
export async function findPendingMatch(db: Db, a: SubjectReference, b: SubjectReference, basis: string) {
  return db
    .selectFrom('subject_match')
    .selectAll()
    .where('status', '=', 'pending')
    .where('basis', '=', basis)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('agency_id', '=', a.agencyId),
          eb('subject_ref', '=', a.subjectRef),
          eb('other_agency_id', '=', b.agencyId),
          eb('other_subject_ref', '=', b.subjectRef),
        ]),
        eb.and([
          eb('agency_id', '=', b.agencyId),
          eb('subject_ref', '=', b.subjectRef),
          eb('other_agency_id', '=', a.agencyId),
          eb('other_subject_ref', '=', a.subjectRef),
        ]),
      ]),
    )
    .executeTakeFirst();
}
