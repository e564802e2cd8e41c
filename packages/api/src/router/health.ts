import { pingDatabase } from '@switchboard/db';
import type { ApiContext } from '../trpc';
import { procedure, router } from '../trpc';

export type HealthReport = {
  status: 'ok' | 'degraded';
  checks: Record<'database' | 'temporal', 'ok' | string>;
};

export async function checkHealth(ctx: ApiContext): Promise<HealthReport> {
  const [database, temporal] = await Promise.all([
    probe(() => pingDatabase(ctx.db)),
    probe(() => ctx.temporal.workflowService.getSystemInfo({})),
  ]);
  return {
    status: database === 'ok' && temporal === 'ok' ? 'ok' : 'degraded',
    checks: { database, temporal },
  };
}

async function probe(check: () => Promise<unknown>): Promise<'ok' | string> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2s')), 2000)),
    ]);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

export const healthRouter = router({
  check: procedure('public').query(({ ctx }) => checkHealth(ctx)),
});
