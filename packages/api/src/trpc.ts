import type { BusNames, NatsConnection } from '@switchboard/bus';
import type { Db } from '@switchboard/db';
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
}

const t = initTRPC.context<ApiContext>().create();

export const router = t.router;
export const publicProcedure = t.procedure;
