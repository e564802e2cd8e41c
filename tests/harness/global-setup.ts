import type { TestProject } from 'vitest/node';
import { provisionServices, type ServiceEndpoints } from './services';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceEndpoints;
  }
}

export default async function setup(project: TestProject) {
  const services = await provisionServices();
  console.log(
    `integration services (${services.endpoints.source}): postgres ${new URL(services.endpoints.databaseUrl).pathname.slice(1)}, ` +
      `nats ${services.endpoints.natsUrl}, temporal ${services.endpoints.temporalAddress}`,
  );
  project.provide('services', services.endpoints);
  return () => services.teardown();
}
