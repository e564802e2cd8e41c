import { describeCaller } from '@switchboard/callers';
import { listSafetyHolds, registrationsAlreadyTold, type SafetyHold } from '@switchboard/db';
import {
  holdOf,
  holdState,
  placeHoldInput,
  placeSafetyHold,
  releaseSafetyHold,
  renewHoldInput,
  renewSafetyHold,
  SafetyHoldRefused,
} from '@switchboard/safety-holds';
import { z } from 'zod';
import { agencyInScope, procedure, type RequestContext, refusalsAsTrpcErrors, router } from '../trpc';

const asTrpcError = refusalsAsTrpcErrors(SafetyHoldRefused);

const deps = (ctx: RequestContext) => ({ db: ctx.db, maxHours: ctx.safetyHoldMaxHours ?? 168 });

/** An agency acts on its own holds only; staff on any. */
const ownAgency = (ctx: RequestContext) => (ctx.caller.kind === 'agency' ? ctx.caller.agencyId : undefined);

const view = (hold: SafetyHold) => ({
  holdId: hold.id,
  agencyId: hold.agencyId,
  eventId: hold.eventId,
  registrationIds: hold.registrationIds,
  reason: hold.reason,
  placedBy: hold.placedBy,
  placedAt: hold.placedAt.toISOString(),
  endsAt: hold.endsAt.toISOString(),
  state: holdState(hold),
  releasedBy: hold.releasedBy,
});

/**
 * Safety holds: the publishing agency (or a coordinator) holds back one event's notices, for everyone
 * or named registrations, for a listed reason and until a set time; a supervisor reviews and may
 * release it; at its end it lapses and the notices go, unless renewed with a reason. Registrants are
 * never told. Every step is audited with who and why.
 */
export const safetyHoldRouter = router({
  place: procedure('agency-own', 'coordinator')
    .input(placeHoldInput)
    .mutation(async ({ ctx, input }) => {
      const agencyId = agencyInScope(ctx, input.agencyId);
      const hold = await placeSafetyHold(deps(ctx), describeCaller(ctx.caller), agencyId, input).catch(
        asTrpcError,
      );
      // Said plainly, so nobody believes a notice already sent was held.
      const alreadyTold = await registrationsAlreadyTold(
        ctx.db,
        agencyId,
        hold.eventId,
        hold.registrationIds,
      );
      return { ...view(hold), alreadyTold };
    }),
  renew: procedure('agency-own', 'coordinator')
    .input(renewHoldInput)
    .mutation(async ({ ctx, input }) => {
      const hold = await holdOf(ctx.db, input.holdId, ownAgency(ctx)).catch(asTrpcError);
      await renewSafetyHold(deps(ctx), describeCaller(ctx.caller), hold, input).catch(asTrpcError);
      return view(await holdOf(ctx.db, input.holdId));
    }),
  /** The supervisor's review: the notices go now. */
  release: procedure('supervisor')
    .input(z.object({ holdId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const hold = await holdOf(ctx.db, input.holdId).catch(asTrpcError);
      await releaseSafetyHold(ctx, describeCaller(ctx.caller), hold).catch(asTrpcError);
      return view(await holdOf(ctx.db, input.holdId));
    }),
  list: procedure('agency-own', 'coordinator')
    .input(z.object({ agencyId: z.string().min(1).max(64).optional(), inForce: z.boolean().default(true) }))
    .query(async ({ ctx, input }) => {
      const agencyId = ctx.caller.kind === 'agency' ? agencyInScope(ctx, input.agencyId) : input.agencyId;
      return { holds: (await listSafetyHolds(ctx.db, { agencyId, inForce: input.inForce })).map(view) };
    }),
});
