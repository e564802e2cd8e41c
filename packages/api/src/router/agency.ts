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
import { type ApiContext, publicProcedure, router } from '../trpc';

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

const publicJwk = z.record(z.string(), z.unknown()).optional();

export const agencyRouter = router({
  /** Registers an agency and its first key; a generated private key is returned this once only. */
  onboard: publicProcedure.input(newAgencyInput).mutation(({ ctx, input }) =>
    registryCall(async () => {
      const { agency, key } = await onboardAgency(registry(ctx), input);
      return {
        agencyId: agency.id,
        kid: key.kid,
        publicJwk: key.publicJwk,
        privateJwk: key.privateJwk,
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
  addKey: publicProcedure
    .input(z.object({ agencyId, publicJwk }))
    .mutation(({ ctx, input }) => registryCall(() => addKey(registry(ctx), input.agencyId, input.publicJwk))),
  revokeKey: publicProcedure
    .input(z.object({ agencyId, kid: z.string().min(1) }))
    .mutation(({ ctx, input }) => registryCall(() => revokeKey(registry(ctx), input.agencyId, input.kid))),
  setStatus: publicProcedure
    .input(z.object({ agencyId, status: z.enum(['active', 'suspended']) }))
    .mutation(({ ctx, input }) => registryCall(() => setStatus(registry(ctx), input.agencyId, input.status))),
  jwks: publicProcedure
    .input(z.object({ agencyId }))
    .query(({ ctx, input }) => registryCall(() => agencyJwks(ctx.db, input.agencyId))),
  recentRejections: publicProcedure
    .input(z.object({ agencyId, limit: z.number().int().min(1).max(500).default(50) }))
    .query(async ({ ctx, input }) => {
      const rows = await listRecentRejections(ctx.db, input.agencyId, input.limit);
      return rows.map((row) => ({
        eventId: row.event_id,
        code: row.code,
        message: row.message,
        field: row.field,
        receivedAt: row.received_at.toISOString(),
      }));
    }),
});
