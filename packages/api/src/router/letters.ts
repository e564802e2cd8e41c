import { describeCaller, satisfies } from '@switchboard/callers';
import { findAgency, isAdvocateOf, listRegistrationsOf } from '@switchboard/db';
import {
  askForApologyLetter,
  depositApologyLetter,
  depositLetterInput,
  LetterRefused,
  letterRequest,
  letterScreening,
  lettersOfRegistration,
  readApologyLetter,
  screenApologyLetter,
} from '@switchboard/restorative';
import { TRPCError } from '@trpc/server';
import {
  callingAgency,
  procedure,
  type RequestContext,
  refusalsAsTrpcErrors,
  router,
  signedInRegistrant,
} from '../trpc';

const asTrpcError = refusalsAsTrpcErrors(LetterRefused);

const registrantOf = (ctx: RequestContext) =>
  signedInRegistrant(ctx, 'apology letters are for the victim to ask for and read');

/**
 * The apology-letter bank. A prison or community-corrections agency deposits; a registrant who chose
 * restorative information sees the letters held for their case, asks for one and reads it; while a
 * no-contact order stands, an advocate named on the registration (or a coordinator) screens it first.
 * Nobody who did not choose restorative information is told a letter exists.
 */
export const lettersRouter = router({
  deposit: procedure('agency-own')
    .input(depositLetterInput)
    .mutation(async ({ ctx, input }) => {
      const agency = await findAgency(ctx.db, callingAgency(ctx));
      if (!agency) throw new TRPCError({ code: 'FORBIDDEN', message: 'unknown agency' });
      return depositApologyLetter(ctx, describeCaller(ctx.caller), agency, input).catch(asTrpcError);
    }),
  mine: procedure('registrant-self').query(async ({ ctx }) => {
    const registrantId = registrantOf(ctx);
    const eligible = (await listRegistrationsOf(ctx.db, registrantId)).filter(
      (r) => r.families.length === 0 || r.families.includes('restorative'),
    );
    const letters = await Promise.all(
      eligible.map(async (r) =>
        (await lettersOfRegistration(ctx, registrantId, r.id)).map((l) => ({ ...l, registrationId: r.id })),
      ),
    );
    const flat = letters.flat();
    const names = new Map<string, string>();
    for (const l of flat)
      if (!names.has(l.fromAgencyId))
        names.set(l.fromAgencyId, (await findAgency(ctx.db, l.fromAgencyId))?.name ?? '');
    return {
      letters: flat.map((l) => ({ ...l, fromAgencyName: names.get(l.fromAgencyId) ?? l.fromAgencyId })),
    };
  }),
  ask: procedure('registrant-self')
    .input(letterRequest)
    .mutation(async ({ ctx, input }) => ({
      state: await askForApologyLetter(ctx, describeCaller(ctx.caller), registrantOf(ctx), input).catch(
        asTrpcError,
      ),
    })),
  read: procedure('registrant-self')
    .input(letterRequest)
    .query(({ ctx, input }) =>
      readApologyLetter(ctx, describeCaller(ctx.caller), registrantOf(ctx), input).catch(asTrpcError),
    ),
  /** An advocate named on the registration, or a coordinator: release or withhold, with a listed reason. */
  screen: procedure('advocate-of', 'coordinator')
    .input(letterScreening)
    .mutation(async ({ ctx, input }) => {
      const { caller } = ctx;
      if (caller.kind === 'staff' && !satisfies(caller, 'coordinator')) {
        const named =
          caller.emailIndex !== undefined &&
          (await isAdvocateOf(ctx.db, input.registrationId, caller.emailIndex));
        if (!named)
          throw new TRPCError({ code: 'NOT_FOUND', message: 'no such registration names you as advocate' });
      }
      return { state: await screenApologyLetter(ctx, describeCaller(caller), input).catch(asTrpcError) };
    }),
});
