export { allowedLabels, createHubMetrics, type HubMetrics, serveMetrics } from './metrics';
