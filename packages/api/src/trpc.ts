import { AgencyDirectory } from '@switchboard/agencies';
import type { BusNames, NatsConnection } from '@switchboard/bus';
import { type ConsentPolicy, HubKeys } from '@switchboard/consent';
import type { Db } from '@switchboard/db';
import type { SealedPayloadCodec } from '@switchboard/sealed-payloads';
import type { DataKeyring } from '@switchboard/sealing';
import type { Client } from '@temporalio/client';
import { initTRPC } from '@trpc/server';

/** Built once per process, in apps/api: the database, NATS and the Temporal client enter here only. */
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
  sms?: { authToken: string };
  /**
   * Temporal UI's codec endpoint, for coordinators holding the token: shows sealed payloads.
   * Absent: no endpoint.
   */
  codec?: { codec: SealedPayloadCodec; accessToken: string; uiOrigin?: string };
  /** The data keys that seal personal data at rest. */
  keyring: DataKeyring;
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

const t = initTRPC.context<ApiContext>().create();

export const router = t.router;
export const publicProcedure = t.procedure;

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
