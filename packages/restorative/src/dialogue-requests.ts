import {
  appendAuditRecord,
  type Db,
  type DialogueRequest,
  findAgency,
  findConsentGrant,
  findDialogueRequest,
  findRegistrationRecord,
  listDialogueRequestsOfRegistrant,
  saveDialogueRequest,
  setDialogueState,
} from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import {
  type DialogueState,
  dialogueRequestWorkflowId,
  endDialogueUpdate,
  offenderAnswerUpdate,
  openDialogueStates,
  screenDialogueUpdate,
} from '@switchboard/workflows/contract';
import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';

export const dialogueRequestInput = z.object({
  registrationId: z.uuid(),
  programmeAgencyId: agencyId,
  /** The victim's consent in force to that programme, letting it see how to reach them. */
  consentId: z.uuid(),
});

/** A step that cannot be taken as asked; the message says why, and nothing changed. */
export class DialogueRefused extends Error {
  override readonly name = 'DialogueRefused';
  constructor(
    readonly code: 'not_found' | 'policy',
    message: string,
  ) {
    super(message);
  }
}

type Deps = { db: Db; temporal: Client; taskQueue: string };

/** What the victim sees: whether it is with the programme, going on, or over; never why it ended. */
export type VictimView = 'with_programme' | 'in_progress' | 'ended' | 'withdrawn';
export function victimView(state: string): VictimView {
  if (state === 'screening') return 'with_programme';
  if (state === 'offender_asked' || state === 'arranging') return 'in_progress';
  if (state === 'withdrawn_by_victim') return 'withdrawn';
  return 'ended';
}

/**
 * The victim asks, for one of their registrations, that a restorative programme look at a dialogue.
 * Refused unless the registration is theirs, active and chose restorative information; the programme
 * is one; a consent of theirs in force lets it see how to reach them; and no request to it is open.
 */
export async function requestDialogue(
  deps: Deps,
  actor: string,
  registrantId: string,
  input: z.input<typeof dialogueRequestInput>,
): Promise<{ requestId: string; view: VictimView }> {
  const request = dialogueRequestInput.parse(input);
  try {
    const registration = await findRegistrationRecord(deps.db, request.registrationId);
    if (!registration || registration.registrant_id !== registrantId)
      throw new DialogueRefused('not_found', 'no such registration of yours');
    if (registration.status !== 'active')
      throw new DialogueRefused('policy', 'this registration is paused or ended; resume it first');
    if (registration.families.length > 0 && !registration.families.includes('restorative'))
      throw new DialogueRefused(
        'policy',
        'choose restorative justice information for this registration first',
      );
    const programme = await findAgency(deps.db, request.programmeAgencyId);
    if (programme?.kind !== 'restorative_programme' || programme.status !== 'active')
      throw new DialogueRefused(
        'policy',
        `${request.programmeAgencyId} is not a restorative programme taking requests`,
      );
    const consent = await findConsentGrant(deps.db, request.consentId);
    const now = new Date();
    if (
      !consent ||
      consent.registrant_id !== registrantId ||
      consent.recipient_agency_id !== programme.id ||
      consent.revoked_at ||
      consent.expires_at <= now ||
      consent.starts_at > now ||
      !consent.fields.includes('contact_channels')
    )
      throw new DialogueRefused(
        'policy',
        'the programme needs your consent in force to see how to reach you (contact_channels)',
      );
    const open = (await listDialogueRequestsOfRegistrant(deps.db, registrantId)).some(
      (r) =>
        r.registrationId === request.registrationId &&
        r.programmeAgencyId === programme.id &&
        openDialogueStates.includes(r.state as DialogueState),
    );
    if (open) throw new DialogueRefused('policy', 'you already have a request open with this programme');
  } catch (error) {
    if (error instanceof DialogueRefused)
      await appendAuditRecord(deps.db, {
        actor,
        action: 'dialogue.request',
        outcome: 'refused',
        reason: `registration ${request.registrationId} to ${request.programmeAgencyId}: ${error.message}`,
      });
    throw error;
  }
  const saved = await saveDialogueRequest(deps.db, request);
  await deps.temporal.workflow.start('dialogueRequestWorkflow', {
    taskQueue: deps.taskQueue,
    workflowId: dialogueRequestWorkflowId(saved.id),
    args: [{ requestId: saved.id }],
    staticSummary: `dialogue request ${saved.id} to ${request.programmeAgencyId}`,
  });
  await appendAuditRecord(deps.db, {
    actor,
    action: 'dialogue.request',
    consentId: request.consentId,
    outcome: 'recorded',
    reason: `request ${saved.id}: registration ${request.registrationId} to ${request.programmeAgencyId}`,
  });
  return { requestId: saved.id, view: 'with_programme' };
}

/** The request, if `owner` may act on it: the victim whose registration asked, or the programme asked. */
export async function dialogueRequestOf(
  db: Db,
  requestId: string,
  owner: { registrantId: string } | { programmeAgencyId: string },
): Promise<DialogueRequest> {
  const request = await findDialogueRequest(db, requestId);
  const mine =
    request &&
    ('programmeAgencyId' in owner
      ? request.programmeAgencyId === owner.programmeAgencyId
      : (await findRegistrationRecord(db, request.registrationId))?.registrant_id === owner.registrantId);
  if (!request || !mine) throw new DialogueRefused('not_found', `no dialogue request ${requestId} of yours`);
  return request;
}

export type DialogueStep =
  | { step: 'screen'; outcome: 'proceed' | 'screened_out' }
  | { step: 'offender-answer'; answer: 'agreed' | 'declined' }
  | { step: 'end'; by: 'victim' | 'offender_side' | 'programme_concluded' };

/**
 * One step on a request, taken in its workflow (which refuses a step that does not fit where the
 * request stands: the offender side is never asked before screening), written where it is read,
 * and audited. The victim's other registrations, other registrants and other agencies learn nothing.
 */
export async function takeDialogueStep(
  deps: Deps,
  actor: string,
  request: DialogueRequest,
  step: DialogueStep,
): Promise<DialogueState> {
  const refuse = async (reason: string): Promise<never> => {
    await appendAuditRecord(deps.db, {
      actor,
      action: `dialogue.${step.step}`,
      outcome: 'refused',
      reason: `request ${request.id}: ${reason}`,
    });
    throw new DialogueRefused('policy', reason);
  };
  // Over already (as written where it is read): say so, whatever its workflow is doing as it closes.
  if (!openDialogueStates.includes(request.state as DialogueState))
    await refuse('this request has already ended');
  const handle = deps.temporal.workflow.getHandle(dialogueRequestWorkflowId(request.id));
  let state: DialogueState;
  try {
    state =
      step.step === 'screen'
        ? await handle.executeUpdate(screenDialogueUpdate, { args: [{ outcome: step.outcome }] })
        : step.step === 'offender-answer'
          ? await handle.executeUpdate(offenderAnswerUpdate, { args: [{ answer: step.answer }] })
          : await handle.executeUpdate(endDialogueUpdate, { args: [{ by: step.by }] });
  } catch (error) {
    const refused =
      error instanceof WorkflowUpdateFailedError
        ? (error.cause?.message ?? error.message)
        : /already completed|aborted by closing workflow/i.test((error as Error).message)
          ? 'this request has already ended'
          : undefined;
    if (refused === undefined) throw error;
    return refuse(refused);
  }
  // Read at once by whoever acted; the workflow writes the same state too.
  await setDialogueState(deps.db, request.id, state);
  await appendAuditRecord(deps.db, {
    actor,
    action: `dialogue.${step.step}`,
    outcome: 'recorded',
    reason: `request ${request.id}: now ${state}`,
  });
  return state;
}
