export { declaredProcedures } from './policies';
export { callerOf, SESSION_COOKIE, SESSION_TOKEN_PREFIX } from './request-caller';
export { type AppRouter, appRouter } from './root';
export { checkHealth, type HealthReport } from './router/health';
export { createApiApp, createApiServer, declaredRoutes } from './server';
export {
  type ApiContext,
  consentContext,
  createCallerFactory,
  type PortalAsset,
  type PortalAssets,
} from './trpc';
