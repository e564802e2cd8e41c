import { createServer, type Server } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from './root';
import { checkHealth } from './router/health';
import type { ApiContext } from './trpc';

/** tRPC under /trpc, and a plain GET /health for load balancers and scripts. */
export function createApiServer(ctx: ApiContext): Server {
  const trpc = createHTTPHandler({ router: appRouter, basePath: '/trpc/', createContext: () => ctx });
  return createServer((req, res) => {
    if (req.url === '/health' && req.method === 'GET') {
      checkHealth(ctx).then((report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      });
      return;
    }
    if (req.url?.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found; the API lives under /trpc/ and health at /health' }));
  });
}
