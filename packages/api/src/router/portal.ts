import { whoCanSee } from '@switchboard/consent';
import { confirmInPortal } from '@switchboard/coordination';
import {
  findPortalRegistrant,
  listAgencies,
  listPortalCaseEvents,
  listPortalDisclosures,
  listPortalNotices,
  listPortalStatements,
} from '@switchboard/db';
import { MAX_STATEMENT_CHARACTERS, submitImpactStatementAsRegistrant } from '@switchboard/parole';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { portalCalendar } from '../portal-calendar';
import { procedure, type RequestContext, router, signedInRegistrant } from '../trpc';

/** The signed-in registrant's id; the portal's reads are theirs alone, whoever else is signed in. */
const registrantOf = (ctx: RequestContext) =>
  signedInRegistrant(ctx, 'the portal shows a registrant their own records');

/** What the victims' portal (apps/portal) reads: the signed-in registrant's own records, in one place. */
export const portalRouter = router({
  /** The agencies taking part, to choose from when registering or granting a consent: public already. */
  agencies: procedure('public').query(async ({ ctx }) => ({
    agencies: (await listAgencies(ctx.db))
      .filter((agency) => agency.status === 'active')
      .map((agency) => ({ id: agency.id, name: agency.name, kind: agency.kind })),
  })),
  /** Who they are to the hub: registrations, contact points and their settings. */
  me: procedure('registrant-self').query(async ({ ctx }) => {
    const registrantId = registrantOf(ctx);
    const me = await findPortalRegistrant(ctx.db, ctx.keyring, registrantId);
    if (!me) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such record of yours' });
    return me;
  }),
  /** Every notice sent to them, on every channel, with what became of it and its words. */
  notices: procedure('registrant-self')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(100) }).default({ limit: 100 }))
    .query(async ({ ctx, input }) => ({
      notices: await listPortalNotices(ctx.db, ctx.keyring, registrantOf(ctx), input.limit),
    })),
  /** Who can see their data (consents) and who saw it (disclosures and forwards, from the audit trail). */
  data: procedure('registrant-self')
    .input(z.object({ limit: z.number().int().min(1).max(500).default(200) }).default({ limit: 200 }))
    .query(async ({ ctx, input }) => {
      const registrantId = registrantOf(ctx);
      const [consents, disclosures] = await Promise.all([
        whoCanSee(ctx.db, registrantId),
        listPortalDisclosures(ctx.db, registrantId, input.limit),
      ]);
      return { consents, disclosures };
    }),
  /** Their hearings and parole reviews as they stand, with reminders sent and statements made. */
  calendar: procedure('registrant-self').query(async ({ ctx }) => {
    const registrantId = registrantOf(ctx);
    const [events, statements] = await Promise.all([
      listPortalCaseEvents(ctx.db, registrantId, ['court', 'parole']),
      listPortalStatements(ctx.db, registrantId),
    ]);
    return { items: portalCalendar(events, statements, new Date()) };
  }),
  /** An impact statement to a parole review whose notice reached them, while its window is open. */
  submitStatement: procedure('registrant-self')
    .input(
      z.object({
        registrationId: z.uuid(),
        reviewWorkflowId: z.string().min(1).max(200),
        statement: z.string().max(MAX_STATEMENT_CHARACTERS + 1000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { statement, ...to } = input;
      const result = await submitImpactStatementAsRegistrant(ctx, registrantOf(ctx), to, statement);
      if (result.outcome === 'not-valid')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'no parole review of yours takes statements' });
      if (result.outcome !== 'accepted') throw new TRPCError({ code: 'BAD_REQUEST', message: result.reason });
      return { deadline: result.deadline };
    }),
  /** "I got this": stops an urgent notice repeating, for a notice sent to them. */
  confirm: procedure('registrant-self')
    .input(z.object({ caseEventId: z.uuid(), registrationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await confirmInPortal(ctx, registrantOf(ctx), input);
      if (outcome === 'not-valid')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'no urgent notice of yours to confirm' });
      return { outcome };
    }),
});
