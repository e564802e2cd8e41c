import { AgencyDirectory } from '@switchboard/agencies';
import type { BusNames, NatsConnection } from '@switchboard/bus';
import { type Caller, describeCaller, type Policy, refusal, satisfies } from '@switchboard/callers';
import { type ConsentPolicy, HubKeys } from '@switchboard/consent';
import type { Db, LimitRule, RateLimits } from '@switchboard/db';
import { appendAuditRecord } from '@switchboard/db';
import { PasskeyRefused, requireFreshPasskey } from '@switchboard/passkeys';
import type { SealedPayloadCodec } from '@switchboard/sealed-payloads';
import type { DataKeyring } from '@switchboard/sealing';
import type { StaffSignIn } from '@switchboard/staff-sign-in';
import type { Client } from '@temporalio/client';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';

/** Built once per process, in apps/api: the database, NATS and the Temporal client enter here only. */
/** One file of the portal, with its gzip form when that is smaller. */
export interface PortalAsset {
  body: Uint8Array;
  gzip?: Uint8Array;
  type: string;
  /** Named by its content: cached for good. The page itself never is (a shared phone). */
  immutable: boolean;
}
export type PortalAssets = ReadonlyMap<string, PortalAsset>;

export interface ApiContext {
  db: Db;
  temporal: Client;
  nc: NatsConnection;
  names: BusNames;
  /** The Temporal task queue the hub's workers serve. */
  taskQueue: string;
  /** Where agencies reach this API, for the onboarding guide; also the base of signed provider callbacks. */
  publicUrl: string;
  /** The SMS provider's auth token, which signs its delivery receipts and inbound replies. */
  /** The telephony providers' auth tokens (the first, and a fallback's), which sign their callbacks. */
  sms?: { authToken: string; fallbackAuthToken?: string };
  /**
   * Temporal UI's codec endpoint, for signed-in coordinators: shows sealed payloads. `uiOrigin` is
   * the UI's origin, allowed to call it with the coordinator's session cookie. Absent: no endpoint.
   */
  codec?: { codec: SealedPayloadCodec; uiOrigin?: string };
  /** Staff sign-in at the organisation's OpenID provider; absent: no staff can sign in. */
  staffSignIn?: StaffSignIn;
  /** Safety holds: the longest one may run, in hours (SAFETY_HOLD_MAX_HOURS); 168 unless set. */
  safetyHoldMaxHours?: number;
  /** The victims' portal's files (apps/portal's `buildPortal`), served at `/`; absent: no portal. */
  portal?: PortalAssets;
  /** The data keys that seal personal data at rest. */
  keyring: DataKeyring;
  /** Counts of attempts and failures, shared by every API process (PostgreSQL). */
  rateLimits: RateLimits;
  /** Webhooks may point at loopback and private networks (WEBHOOK_PRIVATE_TARGETS=allow). */
  allowPrivateWebhooks?: boolean;
  /** Trustworthy feeds: when a name match links references by itself; how often a silent feed is looked at. */
  feeds: { linkConfidence: number; recheckSeconds: number };
  /** Consent: the hub's token-signing keys, the agencies' keys, the policy. */
  consent: {
    hubKeys: HubKeys;
    /** Agencies and their keys, cached; evicted on the hub's agency-changed notice. */
    agencies: AgencyDirectory;
    tokenTtlSeconds: number;
    policy: ConsentPolicy;
    /** The registrant is reminded this long before a consent expires. */
    remindBeforeMs: number;
  };
}

/** Consent tokens are issued by, and addressed back to, the hub's public URL. */
export function tokenSettings(ctx: ApiContext) {
  return {
    hubKeys: ctx.consent.hubKeys,
    issuer: ctx.publicUrl,
    tokenTtlSeconds: ctx.consent.tokenTtlSeconds,
  };
}

/** One request: the process's context and who is asking. */
export interface RequestContext extends ApiContext {
  caller: Caller;
  /** Where the request came from, for per-client rate limits (never stored in clear). */
  clientAddress: string;
  /** The session token the request carried (bearer or cookie), so signing out can end it. */
  sessionToken?: string;
  /** Sets or (with null) clears the browser's session cookie on the answer. */
  setSessionCookie(token: string | null, maxAgeSeconds?: number): void;
}

const t = initTRPC
  .context<RequestContext>()
  .meta<{ policies?: readonly Policy[] }>()
  .create({
    // Errors say what to do, never how the hub is built.
    errorFormatter: ({ shape }) => ({ ...shape, data: { ...shape.data, stack: undefined } }),
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure is built from this: it checks the caller against the policies the procedure
 * declares, and refuses (and audits the refusal) when none admits them. A procedure that declares
 * none admits nobody, so forgetting a policy fails closed.
 */
const guarded = t.procedure.use(async ({ ctx, meta, path, next }) => {
  const allowed = meta?.policies ?? [];
  const refused = allowed.length
    ? refusal(ctx.caller, allowed)
    : { code: 'FORBIDDEN' as const, message: `${path} declares no policy, so nobody may call it` };
  if (refused) {
    await appendAuditRecord(ctx.db, {
      actor: describeCaller(ctx.caller),
      action: `api.${path}`,
      outcome: 'refused',
      reason: refused.message,
    });
    throw new TRPCError(refused);
  }
  return next();
});

/** A procedure open to callers that satisfy any one of `policies` (see @switchboard/callers). */
export const procedure = (...policies: [Policy, ...Policy[]]) => guarded.meta({ policies });

/** The agency calling; only for procedures whose policy is agency-own alone. */
export function callingAgency(ctx: RequestContext): string {
  if (ctx.caller.kind !== 'agency')
    throw new TRPCError({ code: 'FORBIDDEN', message: 'only an agency may do this' });
  return ctx.caller.agencyId;
}

/**
 * The agency a call is about: an agency's own (naming another is refused), or, for staff, the one
 * their input names.
 */
export function agencyInScope(ctx: RequestContext, named: string | undefined): string {
  if (ctx.caller.kind === 'agency') {
    if (named !== undefined && named !== ctx.caller.agencyId)
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `agency ${ctx.caller.agencyId} may act only on its own feed, not on ${named}'s`,
      });
    return ctx.caller.agencyId;
  }
  if (named === undefined)
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'name the agency (agencyId)' });
  return named;
}

/**
 * A registrant acts on their own records only; staff on anyone's (audited where it matters). One
 * answer whether a record is someone else's or does not exist.
 */
export function requireOwnRecord(ctx: RequestContext, ownerRegistrantId: string | undefined): void {
  // Coordinators act on anyone's; an advocate is not a coordinator (see the advocate-of checks).
  if (ownerRegistrantId !== undefined && satisfies(ctx.caller, 'coordinator')) return;
  if (ctx.caller.kind === 'registrant' && ctx.caller.registrantId === ownerRegistrantId) return;
  throw new TRPCError({ code: 'NOT_FOUND', message: 'no such record of yours' });
}

/**
 * A registrant changing consents, contact points, representative or advocate shows their passkey
 * again first, when they have one (see @switchboard/passkeys). Staff are not registrants: their own
 * checks apply.
 */
export async function requirePasskeyIfAny(ctx: RequestContext): Promise<void> {
  if (ctx.caller.kind !== 'registrant') return;
  try {
    await requireFreshPasskey(ctx, ctx.caller);
  } catch (error) {
    if (error instanceof PasskeyRefused) throw new TRPCError({ code: 'FORBIDDEN', message: error.message });
    throw error;
  }
}

/** Staff actions are audited with the person and the reason they gave. */
export async function auditStaffAction(
  ctx: RequestContext,
  action: string,
  reason: string,
  outcome: 'allowed' | 'refused' | 'recorded' = 'recorded',
): Promise<void> {
  await appendAuditRecord(ctx.db, { actor: describeCaller(ctx.caller), action, outcome, reason });
}

/**
 * Refuses, before any work is done, a request whose client or target is already over a limit.
 * The answer says how long to wait, and nothing about whether the target exists.
 */
export async function withinLimits(ctx: RequestContext, checks: [LimitRule, string][]): Promise<void> {
  for (const [rule, key] of checks) {
    const wait = await ctx.rateLimits.waitFor(rule, key);
    if (wait > 0) throw tooMany(wait);
  }
}

/** Counts a failed proof (or an attempt) against each of its limits. */
export async function countAgainst(ctx: RequestContext, checks: [LimitRule, string][]): Promise<number> {
  let wait = 0;
  for (const [rule, key] of checks) wait = Math.max(wait, await ctx.rateLimits.count(rule, key));
  return wait;
}

export function tooMany(waitSeconds: number): TRPCError {
  const minutes = Math.ceil(waitSeconds / 60);
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  });
}

/** What staff must say when they act on someone's notices, holds, matches, agencies or keys. */
export const staffReason = z
  .string()
  .trim()
  .min(3, 'say why (at least 3 characters); it goes to the audit trail')
  .max(500);

/** The consent part of the context, from the hub's configuration. */
export function consentContext(
  db: Db,
  config: {
    CONSENT_TOKEN_TTL_SECONDS: number;
    CONSENT_MAX_DAYS: number;
    CONSENT_REMINDER_SECONDS: number;
  },
  keyring: DataKeyring,
): ApiContext['consent'] {
  return {
    hubKeys: new HubKeys({ db, keyring, tokenTtlSeconds: config.CONSENT_TOKEN_TTL_SECONDS }),
    agencies: new AgencyDirectory(db),
    tokenTtlSeconds: config.CONSENT_TOKEN_TTL_SECONDS,
    policy: { maxDays: config.CONSENT_MAX_DAYS },
    remindBeforeMs: config.CONSENT_REMINDER_SECONDS * 1000,
  };
}

/** A domain's refusal: `not_found` when the thing is not the caller's to see, `policy` otherwise. */
type Refusal = Error & { code: 'not_found' | 'policy' };

/** Turns the named domains' refusals into tRPC errors, saying why; anything else is rethrown. */
export function refusalsAsTrpcErrors(...kinds: (abstract new (...args: never[]) => Refusal)[]) {
  return (error: unknown): never => {
    if (kinds.some((kind) => error instanceof kind)) {
      const refusal = error as Refusal;
      throw new TRPCError({
        code: refusal.code === 'not_found' ? 'NOT_FOUND' : 'BAD_REQUEST',
        message: refusal.message,
      });
    }
    throw error;
  };
}

/** The signed-in registrant's id, for procedures that act for the victim alone; others are refused, saying why. */
export function signedInRegistrant(ctx: RequestContext, refused: string): string {
  if (ctx.caller.kind !== 'registrant') throw new TRPCError({ code: 'FORBIDDEN', message: refused });
  return ctx.caller.registrantId;
}
