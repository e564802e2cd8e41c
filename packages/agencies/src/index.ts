export { AgencyDirectory, type KnownAgency } from './agency-directory';
export {
  addKey,
  agencyJwks,
  type IssuedKey,
  issueNatsUser,
  type NewAgencyInput,
  newAgencyInput,
  onboardAgency,
  type RegistryDeps,
  RegistryError,
  revokeKey,
  setStatus,
} from './agency-registry';
export { expectHeartbeat, type FeedWatchDeps, feedHealth } from './feed-watch';
export { publishingGuide } from './publishing-guide';
