import type { Policy } from '@switchboard/callers';
import { appRouter } from './root';

type ProcedureDef = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: { policies?: Policy[] } } };

/** Every procedure of the router: whether it is a query or a mutation, and the policies it declares. */
export function declaredProcedures(): Record<string, { type: string; policies: readonly Policy[] }> {
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.fromEntries(
    Object.entries(procedures).map(([path, { _def }]) => [
      path,
      { type: _def.type, policies: _def.meta?.policies ?? [] },
    ]),
  );
}
