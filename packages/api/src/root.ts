import { agencyRouter } from './router/agency';
import { caseEventRouter } from './router/case-event';
import { consentRouter } from './router/consent';
import { dialogueRouter } from './router/dialogue';
import { feedRouter } from './router/feed';
import { healthRouter } from './router/health';
import { helpRouter } from './router/help';
import { inboxRouter } from './router/inbox';
import { lettersRouter } from './router/letters';
import { notificationRouter } from './router/notification';
import { paroleRouter } from './router/parole';
import { passkeyRouter } from './router/passkey';
import { portalRouter } from './router/portal';
import { registrationRouter } from './router/registration';
import { safetyHoldRouter } from './router/safety-hold';
import { sessionRouter } from './router/session';
import { subjectRouter } from './router/subject';
import { router } from './trpc';

export const appRouter = router({
  health: healthRouter,
  caseEvent: caseEventRouter,
  agency: agencyRouter,
  registration: registrationRouter,
  notification: notificationRouter,
  consent: consentRouter,
  parole: paroleRouter,
  inbox: inboxRouter,
  feed: feedRouter,
  subject: subjectRouter,
  session: sessionRouter,
  passkey: passkeyRouter,
  portal: portalRouter,
  safetyHold: safetyHoldRouter,
  dialogue: dialogueRouter,
  letters: lettersRouter,
  help: helpRouter,
});

export type AppRouter = typeof appRouter;
