import { describeCaller } from '@switchboard/callers';
import {
  appendAuditRecord,
  findAgency,
  listReferralsOfRegistrant,
  listReferralsToAgency,
  moveReferral,
  type Referral,
} from '@switchboard/db';
import {
  checkEligibility,
  eligibilityAnswers,
  type HelpData,
  loadHelpData,
  ReferralRefused,
  referralInput,
  sendReferral,
  servicesFor,
} from '@switchboard/help';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  callingAgency,
  procedure,
  type RequestContext,
  refusalsAsTrpcErrors,
  router,
  signedInRegistrant,
} from '../trpc';

let data: HelpData | undefined;
/** Read once, checked: a bad entry in the data files stops the first call, naming it. */
const help = () => (data ??= loadHelpData());

const registrantOf = (ctx: RequestContext) =>
  signedInRegistrant(ctx, 'a referral is the victim’s own to send');

const view = async (ctx: RequestContext, r: Referral) => ({
  referralId: r.id,
  registrationId: r.registrationId,
  agencyId: r.agencyId,
  agencyName: (await findAgency(ctx.db, r.agencyId))?.name ?? r.agencyId,
  help: r.help,
  state: r.state,
  sentAt: r.sentAt.toISOString(),
  acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
});

/**
 * Help beyond notices: the directory of services where someone is; a first check of compensation
 * eligibility against their state's rules (nothing kept); referrals the victim sends to an advocate
 * or programme under a consent, which the agency acknowledges and the victim sees.
 */
export const helpRouter = router({
  directory: procedure('public')
    .input(
      z.object({
        where: z
          .string()
          .regex(/^[A-Z]{2}(-[A-Z]{2}(-[A-Za-z]+)?)?$/)
          .default('US'),
      }),
    )
    .query(({ input }) => ({
      services: servicesFor(help(), input.where),
      compensationStates: help().rules.map((r) => r.state),
    })),
  /** Answers are checked and forgotten: nothing about the crime is stored. */
  compensationCheck: procedure('public')
    .input(eligibilityAnswers)
    .query(({ input }) => {
      const rules = help().rules.find((r) => r.state === input.state);
      if (!rules)
        throw new TRPCError({ code: 'NOT_FOUND', message: `no compensation rules for ${input.state} yet` });
      const programme = help().services.find((s) => s.id === rules.programme)!;
      return { ...checkEligibility(rules, input, new Date()), programme };
    }),
  refer: procedure('registrant-self')
    .input(referralInput)
    .mutation(async ({ ctx, input }) => {
      const referral = await sendReferral(ctx.db, describeCaller(ctx.caller), registrantOf(ctx), input).catch(
        refusalsAsTrpcErrors(ReferralRefused),
      );
      return view(ctx, referral);
    }),
  myReferrals: procedure('registrant-self').query(async ({ ctx }) => ({
    referrals: await Promise.all(
      (await listReferralsOfRegistrant(ctx.db, registrantOf(ctx))).map((r) => view(ctx, r)),
    ),
  })),
  /** The agency's own referrals: who to reach comes from the consent, through /disclosures. */
  referralsToUs: procedure('agency-own').query(async ({ ctx }) => ({
    referrals: (await listReferralsToAgency(ctx.db, callingAgency(ctx))).map((r) => ({
      referralId: r.id,
      consentId: r.consentId,
      help: r.help,
      state: r.state,
      sentAt: r.sentAt.toISOString(),
    })),
  })),
  moveReferral: procedure('agency-own')
    .input(z.object({ referralId: z.uuid(), to: z.enum(['acknowledged', 'closed']) }))
    .mutation(async ({ ctx, input }) => {
      const agency = callingAgency(ctx);
      if (!(await moveReferral(ctx.db, agency, input.referralId, input.to)))
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `no referral ${input.referralId} of yours that can be ${input.to}`,
        });
      await appendAuditRecord(ctx.db, {
        actor: describeCaller(ctx.caller),
        action: `referral.${input.to}`,
        outcome: 'recorded',
        reason: `referral ${input.referralId}`,
      });
      return { referralId: input.referralId, state: input.to };
    }),
});
