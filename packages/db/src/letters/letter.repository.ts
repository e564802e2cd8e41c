import { type DataKeyring, open, seal } from '@switchboard/sealing';
import { sql } from 'kysely';
import type { Db } from '../connect';

export type LetterState = 'screening' | 'released' | 'withheld';

/** A registration's own reference and every agency's reference linked to it (one person). */
export async function referencesOfRegistration(
  db: Db,
  registrationId: string,
): Promise<{ agencyId: string; subjectRef: string }[]> {
  const own = await db
    .selectFrom('registration')
    .select(['agency_id', 'subject_ref'])
    .where('id', '=', registrationId)
    .executeTakeFirst();
  if (!own?.agency_id) return [];
  const linked = await db
    .selectFrom('subject_person as mine')
    .innerJoin('subject_person as same', 'same.person_id', 'mine.person_id')
    .select(['same.agency_id', 'same.subject_ref'])
    .where('mine.agency_id', '=', own.agency_id)
    .where('mine.subject_ref', '=', own.subject_ref)
    .execute();
  const all = [{ agencyId: own.agency_id, subjectRef: own.subject_ref }];
  for (const r of linked)
    if (!all.some((a) => a.agencyId === r.agency_id && a.subjectRef === r.subject_ref))
      all.push({ agencyId: r.agency_id, subjectRef: r.subject_ref });
  return all;
}

const anyOf = (refs: { agencyId: string; subjectRef: string }[]) =>
  sql<boolean>`(agency_id, subject_ref) in (${sql.join(refs.map((r) => sql`(${r.agencyId}, ${r.subjectRef})`))})`;

export async function depositLetter(
  db: Db,
  keyring: DataKeyring,
  letter: { agencyId: string; subjectRef: string; text: string; scanType?: string },
): Promise<{ id: string; receivedAt: Date }> {
  const row = await db
    .insertInto('apology_letter')
    .values({
      agency_id: letter.agencyId,
      subject_ref: letter.subjectRef,
      text_sealed: await seal(keyring, letter.text),
      scan_type: letter.scanType ?? null,
    })
    .returning(['id', 'received_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, receivedAt: row.received_at };
}

/** The letters held for any of these references, with this registration's asking for each. */
export async function lettersFor(
  db: Db,
  registrationId: string,
  refs: { agencyId: string; subjectRef: string }[],
): Promise<
  {
    id: string;
    agencyId: string;
    receivedAt: Date;
    state: LetterState | null;
    withheldReason: string | null;
  }[]
> {
  if (refs.length === 0) return [];
  const rows = await db
    .selectFrom('apology_letter')
    .leftJoin('letter_release', (join) =>
      join
        .onRef('letter_release.letter_id', '=', 'apology_letter.id')
        .on('letter_release.registration_id', '=', registrationId),
    )
    .select([
      'apology_letter.id',
      'apology_letter.agency_id',
      'apology_letter.received_at',
      'letter_release.state',
      'letter_release.withheld_reason',
    ])
    .where(
      sql<boolean>`(apology_letter.agency_id, apology_letter.subject_ref) in (${sql.join(refs.map((r) => sql`(${r.agencyId}, ${r.subjectRef})`))})`,
    )
    .orderBy('apology_letter.received_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    receivedAt: r.received_at,
    state: (r.state as LetterState | null) ?? null,
    withheldReason: r.withheld_reason,
  }));
}

/** The protective-order events on any of these references, oldest first: whether a no-contact order stands. */
export async function protectiveOrderEvents(
  db: Db,
  refs: { agencyId: string; subjectRef: string }[],
): Promise<{ type: string; occurredAt: Date; data: Record<string, unknown> }[]> {
  if (refs.length === 0) return [];
  const rows = await db
    .selectFrom('case_event')
    .select(['type', 'occurred_at', 'data'])
    .where('family', '=', 'protective_order')
    .where('retracted_by', 'is', null)
    .where(anyOf(refs))
    .orderBy('occurred_at')
    .execute();
  return rows.map((r) => ({ type: r.type, occurredAt: r.occurred_at, data: r.data }));
}

/** Records a registration's asking for a letter (once; asking again changes nothing). */
export async function askForLetter(
  db: Db,
  letterId: string,
  registrationId: string,
  state: LetterState,
): Promise<LetterState> {
  await db
    .insertInto('letter_release')
    .values({ letter_id: letterId, registration_id: registrationId, state })
    .onConflict((oc) => oc.columns(['letter_id', 'registration_id']).doNothing())
    .execute();
  const row = await db
    .selectFrom('letter_release')
    .select('state')
    .where('letter_id', '=', letterId)
    .where('registration_id', '=', registrationId)
    .executeTakeFirstOrThrow();
  return row.state as LetterState;
}

/** An advocate's decision on a letter waiting for screening; false when none waits. */
export async function decideLetter(
  db: Db,
  decision: {
    letterId: string;
    registrationId: string;
    state: 'released' | 'withheld';
    by: string;
    reason?: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('letter_release')
    .set({
      state: decision.state,
      decided_by: decision.by,
      decided_at: new Date(),
      withheld_reason: decision.reason ?? null,
    })
    .where('letter_id', '=', decision.letterId)
    .where('registration_id', '=', decision.registrationId)
    .where('state', '=', 'screening')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A letter's words, for a registration it was released to. */
export async function openReleasedLetter(
  db: Db,
  keyring: DataKeyring,
  letterId: string,
  registrationId: string,
): Promise<{ content: string; scanType: string | null } | undefined> {
  const row = await db
    .selectFrom('apology_letter')
    .innerJoin('letter_release', 'letter_release.letter_id', 'apology_letter.id')
    .select(['apology_letter.text_sealed', 'apology_letter.scan_type'])
    .where('apology_letter.id', '=', letterId)
    .where('letter_release.registration_id', '=', registrationId)
    .where('letter_release.state', '=', 'released')
    .executeTakeFirst();
  return row ? { content: await open(keyring, row.text_sealed), scanType: row.scan_type } : undefined;
}

/** Sets or clears a flag on one agency's reference; true when that changed something. */
export async function setCaseFlag(
  db: Db,
  flag: { agencyId: string; subjectRef: string; flag: string; on: boolean; by: string },
): Promise<boolean> {
  if (flag.on) {
    const result = await db
      .insertInto('case_flag')
      .values({ agency_id: flag.agencyId, subject_ref: flag.subjectRef, flag: flag.flag, set_by: flag.by })
      .onConflict((oc) => oc.columns(['agency_id', 'subject_ref', 'flag']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
  const result = await db
    .deleteFrom('case_flag')
    .where('agency_id', '=', flag.agencyId)
    .where('subject_ref', '=', flag.subjectRef)
    .where('flag', '=', flag.flag)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Whether any of these references carries the flag. */
export async function hasCaseFlag(
  db: Db,
  refs: { agencyId: string; subjectRef: string }[],
  flag: string,
): Promise<boolean> {
  if (refs.length === 0) return false;
  const row = await db
    .selectFrom('case_flag')
    .select('flag')
    .where('flag', '=', flag)
    .where(anyOf(refs))
    .executeTakeFirst();
  return row !== undefined;
}
