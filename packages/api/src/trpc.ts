import type { Db } from '@switchboard/db';
import type { Client } from '@temporalio/client';
import { initTRPC } from '@trpc/server';

/** Built once per process, in apps/api: the database and the Temporal client enter here only. */
export interface ApiContext {
  db: Db;
  temporal: Client;
}

const t = initTRPC.context<ApiContext>().create();

export const router = t.router;
export const publicProcedure = t.procedure;
