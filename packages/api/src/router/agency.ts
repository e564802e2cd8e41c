import {
  addKey,
  agencyJwks,
  newAgencyInput,
  onboardAgency,
  publishingGuide,
  RegistryError,
  revokeKey,
  setStatus,
} from '@switchboard/agencies';
import { listRecentRejections } from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { type ApiContext, agencyInScope, auditStaffAction, procedure, router, staffReason } from '../trpc';

const registry = (ctx: ApiContext) => ({ db: ctx.db, bus: { nc: ctx.nc, names: ctx.names } });

async function registryCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    const code =
      error.code === 'agency_exists' ? 'CONFLICT' : error.code === 'bad_key' ? 'BAD_REQUEST' : 'NOT_FOUND';
    throw new TRPCError({ code, message: error.message });
  }
}

// The hub never makes an agency's private key: the agency (or the CLI on its own machine) makes the
// pair and registers the public half.
const publicJwk = z.record(z.string(), z.unknown());

export const agencyRouter = router({
  /** A hub administrator registers an agency with the public key it generated. */
  onboard: procedure('hub-admin')
    .input(newAgencyInput.extend({ publicJwk, reason: staffReason }))
    .mutation(({ ctx, input }) =>
      registryCall(async () => {
        const { reason, ...agencyInput } = input;
        const { agency, key } = await onboardAgency(registry(ctx), agencyInput);
        await auditStaffAction(
          ctx,
          'agency.onboard',
          `${agency.id} (${agency.kind}) with key ${key.kid}: ${reason}`,
        );
        return {
          agencyId: agency.id,
          kid: key.kid,
          publicJwk: key.publicJwk,
          guide: publishingGuide({
            agencyId: agency.id,
            kind: agency.kind,
            kid: key.kid,
            names: ctx.names,
            apiUrl: ctx.publicUrl,
          }),
        };
      }),
    ),
  /**
   * A new public key: an agency proves possession of an existing key by the assertion it calls
   * with (rotation), or an administrator adds one (recovery).
   */
  addKey: procedure('agency-own', 'hub-admin')
    .input(z.object({ agencyId: agencyId.optional(), publicJwk, reason: staffReason.optional() }))
    .mutation(({ ctx, input }) =>
      registryCall(async () => {
        const id = agencyInScope(ctx, input.agencyId);
        const key = await addKey(registry(ctx), id, input.publicJwk);
        await auditStaffAction(
          ctx,
          'agency.addKey',
          `${id} key ${key.kid}${input.reason ? `: ${input.reason}` : ''}`,
        );
        return { kid: key.kid, publicJwk: key.publicJwk };
      }),
    ),
  revokeKey: procedure('agency-own', 'hub-admin')
    .input(
      z.object({ agencyId: agencyId.optional(), kid: z.string().min(1), reason: staffReason.optional() }),
    )
    .mutation(({ ctx, input }) =>
      registryCall(async () => {
        const id = agencyInScope(ctx, input.agencyId);
        await revokeKey(registry(ctx), id, input.kid);
        await auditStaffAction(
          ctx,
          'agency.revokeKey',
          `${id} key ${input.kid}${input.reason ? `: ${input.reason}` : ''}`,
        );
      }),
    ),
  setStatus: procedure('hub-admin')
    .input(z.object({ agencyId, status: z.enum(['active', 'suspended']), reason: staffReason }))
    .mutation(({ ctx, input }) =>
      registryCall(async () => {
        await setStatus(registry(ctx), input.agencyId, input.status);
        await auditStaffAction(ctx, 'agency.setStatus', `${input.agencyId} ${input.status}: ${input.reason}`);
      }),
    ),
  jwks: procedure('public')
    .input(z.object({ agencyId }))
    .query(({ ctx, input }) => registryCall(() => agencyJwks(ctx.db, input.agencyId))),
  recentRejections: procedure('agency-own', 'coordinator')
    .input(z.object({ agencyId: agencyId.optional(), limit: z.number().int().min(1).max(500).default(50) }))
    .query(async ({ ctx, input }) => {
      const rows = await listRecentRejections(ctx.db, agencyInScope(ctx, input.agencyId), input.limit);
      return rows.map((row) => ({
        eventId: row.event_id,
        code: row.code,
        message: row.message,
        field: row.field,
        receivedAt: row.received_at.toISOString(),
      }));
    }),
});
