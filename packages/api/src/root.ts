import { agencyRouter } from './router/agency';
import { caseEventRouter } from './router/case-event';
import { healthRouter } from './router/health';
import { router } from './trpc';

export const appRouter = router({
  health: healthRouter,
  caseEvent: caseEventRouter,
  agency: agencyRouter,
});

export type AppRouter = typeof appRouter;
