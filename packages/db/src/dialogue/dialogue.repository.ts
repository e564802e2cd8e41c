import type { Db } from '../connect';

export interface DialogueRequest {
  id: string;
  registrationId: string;
  programmeAgencyId: string;
  consentId: string;
  state: string;
  createdAt: Date;
  updatedAt: Date;
}

const columns = [
  'dialogue_request.id',
  'dialogue_request.registration_id',
  'dialogue_request.programme_agency_id',
  'dialogue_request.consent_id',
  'dialogue_request.state',
  'dialogue_request.created_at',
  'dialogue_request.updated_at',
] as const;

const toRequest = (r: {
  id: string;
  registration_id: string;
  programme_agency_id: string;
  consent_id: string;
  state: string;
  created_at: Date;
  updated_at: Date;
}): DialogueRequest => ({
  id: r.id,
  registrationId: r.registration_id,
  programmeAgencyId: r.programme_agency_id,
  consentId: r.consent_id,
  state: r.state,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function saveDialogueRequest(
  db: Db,
  request: { registrationId: string; programmeAgencyId: string; consentId: string },
): Promise<DialogueRequest> {
  const row = await db
    .insertInto('dialogue_request')
    .values({
      registration_id: request.registrationId,
      programme_agency_id: request.programmeAgencyId,
      consent_id: request.consentId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

export async function setDialogueState(db: Db, id: string, state: string): Promise<void> {
  await db
    .updateTable('dialogue_request')
    .set({ state, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function findDialogueRequest(db: Db, id: string): Promise<DialogueRequest | undefined> {
  const row = await db.selectFrom('dialogue_request').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toRequest(row);
}

/** A registrant's own requests, newest first. */
export async function listDialogueRequestsOfRegistrant(
  db: Db,
  registrantId: string,
): Promise<DialogueRequest[]> {
  const rows = await db
    .selectFrom('dialogue_request')
    .innerJoin('registration', 'registration.id', 'dialogue_request.registration_id')
    .select(columns)
    .where('registration.registrant_id', '=', registrantId)
    .orderBy('dialogue_request.created_at', 'desc')
    .execute();
  return rows.map(toRequest);
}

/** The requests made to one programme, with the case each is about. */
export async function listDialogueRequestsOfProgramme(
  db: Db,
  programmeAgencyId: string,
): Promise<(DialogueRequest & { caseAgencyId: string | null; subjectRef: string })[]> {
  const rows = await db
    .selectFrom('dialogue_request')
    .innerJoin('registration', 'registration.id', 'dialogue_request.registration_id')
    .select([...columns, 'registration.agency_id as case_agency_id', 'registration.subject_ref'])
    .where('dialogue_request.programme_agency_id', '=', programmeAgencyId)
    .orderBy('dialogue_request.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...toRequest(r), caseAgencyId: r.case_agency_id, subjectRef: r.subject_ref }));
}
