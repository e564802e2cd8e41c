import { agencyRouter } from './router/agency';
import { caseEventRouter } from './router/case-event';
import { healthRouter } from './router/health';
import { registrationRouter } from './router/registration';
import { router } from './trpc';

export const appRouter = router({
  health: healthRouter,
  caseEvent: caseEventRouter,
  agency: agencyRouter,
  registration: registrationRouter,
});

export type AppRouter = typeof appRouter;
