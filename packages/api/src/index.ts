export { type AppRouter, appRouter } from './root';
export { checkHealth, type HealthReport } from './router/health';
export type { ApiContext } from './trpc';
export { createApiServer } from './server';
