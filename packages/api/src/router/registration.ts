import { satisfies } from '@switchboard/callers';
import { findRegistrationOwner, isAdvocateOf, type LimitRule, setRegistrationStatus } from '@switchboard/db';
import {
  changeRegistration,
  EnrolmentRefused,
  enrol,
  enrolmentInput,
  registrationChange,
  requestVerificationCode,
  verifyContactPoint,
} from '@switchboard/registrations';
import { findSubjects, subjectSearch } from '@switchboard/subjects';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  auditStaffAction,
  countAgainst,
  procedure,
  type RequestContext,
  requireOwnRecord,
  requirePasskeyIfAny,
  router,
  staffReason,
  tooMany,
  withinLimits,
} from '../trpc';

const id = z.uuid();

/**
 * The registration, if the caller may change it: its registrant; the advocate it names, acting with
 * the victim's recorded agreement; or a coordinator. Staff say why, and it is audited.
 */
async function changeableRegistration(ctx: RequestContext, registrationId: string, reason?: string) {
  const { caller } = ctx;
  const advocateOnly = caller.kind === 'staff' && !satisfies(caller, 'coordinator');
  if (advocateOnly) {
    const named =
      caller.emailIndex !== undefined && (await isAdvocateOf(ctx.db, registrationId, caller.emailIndex));
    if (!named)
      throw new TRPCError({ code: 'NOT_FOUND', message: 'no such registration names you as advocate' });
  } else {
    requireOwnRecord(ctx, await findRegistrationOwner(ctx.db, registrationId));
    await requirePasskeyIfAny(ctx);
  }
  if (ctx.caller.kind === 'staff') {
    if (!reason)
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'say why (reason); it goes to the audit trail' });
    await auditStaffAction(ctx, 'registration.change', `${registrationId}: ${reason}`);
  }
}

/** For registrants and advocates: opt in, confirm an address, pause, resume or end. Ids out, never data. */
export const registrationRouter = router({
  /** Anyone may opt in: a registration does nothing until one of its addresses is verified. */
  enrol: procedure('public')
    .input(enrolmentInput)
    .mutation(({ ctx, input }) =>
      enrol(
        {
          db: ctx.db,
          keyring: ctx.keyring,
          temporal: ctx.temporal,
          taskQueue: ctx.taskQueue,
          allowPrivateWebhooks: ctx.allowPrivateWebhooks,
        },
        input,
      ).then(
        (enrolment) => ({
          ...enrolment,
          next: 'a code was sent to each address (the portal needs none); confirm each with registration.verifyContact',
        }),
        (error) => {
          if (error instanceof EnrolmentRefused)
            throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
          throw error;
        },
      ),
    ),
  /**
   * Who to register for, by the full name and date of birth the victim knows: candidates (agency
   * and reference) whose family name and date of birth match exactly, full matches first.
   */
  findSubject: procedure('public')
    .input(subjectSearch)
    .query(async ({ ctx, input }) => {
      // The public must know the person: all three fields, exactly. Staff also see family-name matches.
      const staff = ctx.caller.kind === 'staff';
      if (!staff) {
        const wait = await countAgainst(ctx, [['subjectSearchPerClient', ctx.clientAddress]]);
        if (wait > 0) throw tooMany(wait);
      }
      return { candidates: await findSubjects(ctx, input, { partial: staff }) };
    }),
  /**
   * The code is the proof of the address. Wrong codes count against the address (a new code does
   * not reset that) and against the client, so guessing stops long before it could succeed.
   */
  verifyContact: procedure('public')
    .input(z.object({ contactPointId: id, code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code') }))
    .mutation(async ({ ctx, input }) => {
      const limits: [LimitRule, string][] = [
        ['wrongCodePerContact', input.contactPointId],
        ['failurePerClient', ctx.clientAddress],
      ];
      await withinLimits(ctx, limits);
      const result = await verifyContactPoint(ctx.db, input.contactPointId, input.code);
      if (result !== 'verified') await countAgainst(ctx, limits);
      if (result === 'refused')
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'that code is not valid' });
      if (result === 'locked') {
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: 'too many wrong codes; ask for a new one',
        });
      }
      return { verified: true };
    }),
  /** Each code is a message to a person: a few an hour per address, whoever asks. */
  requestCode: procedure('public')
    .input(z.object({ contactPointId: id }))
    .mutation(async ({ ctx, input }) => {
      const wait = await countAgainst(ctx, [['codeSentPerContact', input.contactPointId]]);
      if (wait > 0) throw tooMany(wait);
      await requestVerificationCode(
        { temporal: ctx.temporal, taskQueue: ctx.taskQueue },
        input.contactPointId,
      );
      return { sent: true };
    }),
  /** Language, time zone, quiet hours, families, advocate, urgent repeat schedule; `null` clears. */
  update: procedure('registrant-self', 'advocate-of', 'coordinator')
    .input(registrationChange.and(z.object({ reason: staffReason.optional() })))
    .mutation(async ({ ctx, input }) => {
      const { reason, ...change } = input;
      await changeableRegistration(ctx, change.registrationId, reason);
      if (!(await changeRegistration(ctx.db, ctx.keyring, change))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: `no registration ${input.registrationId}` });
      }
      return { updated: true };
    }),
  setStatus: procedure('registrant-self', 'advocate-of', 'coordinator')
    .input(
      z.object({
        registrationId: id,
        status: z.enum(['active', 'paused', 'ended']),
        reason: staffReason.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await changeableRegistration(ctx, input.registrationId, input.reason);
      if (!(await setRegistrationStatus(ctx.db, input.registrationId, input.status))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: `no registration ${input.registrationId}` });
      }
      return { status: input.status };
    }),
});
