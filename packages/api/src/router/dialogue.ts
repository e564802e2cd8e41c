import { describeCaller } from '@switchboard/callers';
import {
  findAgency,
  findRegistrationOwner,
  isAdvocateOf,
  listDialogueRequestsOfProgramme,
  listDialogueRequestsOfRegistrant,
} from '@switchboard/db';
import {
  DialogueRefused,
  type DialogueStep,
  dialogueRequestInput,
  dialogueRequestOf,
  requestDialogue,
  takeDialogueStep,
  victimView,
} from '@switchboard/restorative';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  callingAgency,
  procedure,
  type RequestContext,
  refusalsAsTrpcErrors,
  requirePasskeyIfAny,
  router,
  signedInRegistrant,
} from '../trpc';

const asTrpcError = refusalsAsTrpcErrors(DialogueRefused);

const registrantOf = (ctx: RequestContext) =>
  signedInRegistrant(ctx, 'only the victim starts or withdraws a dialogue request');

const requestId = z.object({ requestId: z.uuid() });

/** A programme's step on one of the requests made to it. */
async function programmeStep(ctx: RequestContext, id: string, step: DialogueStep) {
  const programmeAgencyId = callingAgency(ctx);
  const request = await dialogueRequestOf(ctx.db, id, { programmeAgencyId }).catch(asTrpcError);
  const state = await takeDialogueStep(ctx, describeCaller(ctx.caller), request, step).catch(asTrpcError);
  return { requestId: id, state };
}

/**
 * Victim–offender dialogue, only ever at the victim's request: the victim asks (under a consent to
 * the programme) and may withdraw at any moment; the programme screens, then asks the offender side
 * and records the answer, or ends it. The victim sees only whether it is going on or has ended. No
 * other registrant, and no agency but the programme, sees a request.
 */
export const dialogueRouter = router({
  /** The victim, or the advocate their registration names with their recorded agreement, asks. */
  request: procedure('registrant-self', 'advocate-of')
    .input(dialogueRequestInput)
    .mutation(async ({ ctx, input }) => {
      let registrantId: string;
      if (ctx.caller.kind === 'staff') {
        const named =
          ctx.caller.emailIndex !== undefined &&
          (await isAdvocateOf(ctx.db, input.registrationId, ctx.caller.emailIndex));
        const owner = named ? await findRegistrationOwner(ctx.db, input.registrationId) : undefined;
        if (!owner)
          throw new TRPCError({ code: 'NOT_FOUND', message: 'no such registration names you as advocate' });
        registrantId = owner;
      } else {
        registrantId = registrantOf(ctx);
        await requirePasskeyIfAny(ctx);
      }
      return requestDialogue(ctx, describeCaller(ctx.caller), registrantId, input).catch(asTrpcError);
    }),
  /** Never asks for the passkey: stepping back must always be easy. */
  withdraw: procedure('registrant-self')
    .input(requestId)
    .mutation(async ({ ctx, input }) => {
      const request = await dialogueRequestOf(ctx.db, input.requestId, {
        registrantId: registrantOf(ctx),
      }).catch(asTrpcError);
      const state = await takeDialogueStep(ctx, describeCaller(ctx.caller), request, {
        step: 'end',
        by: 'victim',
      }).catch(asTrpcError);
      return { requestId: input.requestId, view: victimView(state) };
    }),
  mine: procedure('registrant-self').query(async ({ ctx }) => {
    const requests = await listDialogueRequestsOfRegistrant(ctx.db, registrantOf(ctx));
    return {
      requests: await Promise.all(
        requests.map(async (r) => ({
          requestId: r.id,
          registrationId: r.registrationId,
          programmeAgencyId: r.programmeAgencyId,
          programmeName: (await findAgency(ctx.db, r.programmeAgencyId))?.name ?? r.programmeAgencyId,
          view: victimView(r.state),
          askedAt: r.createdAt.toISOString(),
        })),
      ),
    };
  }),
  /** The programme's own requests, with the case each is about (identifiers only). */
  forProgramme: procedure('agency-own').query(async ({ ctx }) => ({
    requests: (await listDialogueRequestsOfProgramme(ctx.db, callingAgency(ctx))).map((r) => ({
      requestId: r.id,
      consentId: r.consentId,
      caseAgencyId: r.caseAgencyId,
      subjectRef: r.subjectRef,
      state: r.state,
      askedAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
  })),
  screen: procedure('agency-own')
    .input(requestId.extend({ outcome: z.enum(['proceed', 'screened_out']) }))
    .mutation(({ ctx, input }) =>
      programmeStep(ctx, input.requestId, { step: 'screen', outcome: input.outcome }),
    ),
  offenderAnswer: procedure('agency-own')
    .input(requestId.extend({ answer: z.enum(['agreed', 'declined']) }))
    .mutation(({ ctx, input }) =>
      programmeStep(ctx, input.requestId, { step: 'offender-answer', answer: input.answer }),
    ),
  offenderWithdrew: procedure('agency-own')
    .input(requestId)
    .mutation(({ ctx, input }) => programmeStep(ctx, input.requestId, { step: 'end', by: 'offender_side' })),
  conclude: procedure('agency-own')
    .input(requestId)
    .mutation(({ ctx, input }) =>
      programmeStep(ctx, input.requestId, { step: 'end', by: 'programme_concluded' }),
    ),
});
