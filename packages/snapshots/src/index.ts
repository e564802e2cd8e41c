export { meaningOf } from './changes';
export {
  type ImportProgress,
  type ImportSummary,
  importSnapshot,
  parseSnapshotMapping,
  SnapshotRefused,
} from './import-snapshot';
export { type SnapshotFeed, type SnapshotMapping, type SnapshotMappingInput, snapshotFeeds } from './mapping';
export { MappingMismatch, type RowRejection, readSnapshot } from './read-snapshot';
