export { declaredProcedures } from './policies';
export { SESSION_COOKIE, SESSION_TOKEN_PREFIX } from './request-caller';
export { type AppRouter, appRouter } from './root';
export { checkHealth, type HealthReport } from './router/health';
export { createApiServer } from './server';
export { type ApiContext, consentContext } from './trpc';
