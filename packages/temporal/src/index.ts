export { connectTemporal, connectTemporalWorker, type TemporalTarget, temporalTarget } from './connection';
