export {
  addKey,
  agencyJwks,
  type IssuedKey,
  type NewAgencyInput,
  newAgencyInput,
  onboardAgency,
  type RegistryDeps,
  RegistryError,
  revokeKey,
  setStatus,
} from './agency-registry';
export { publishingGuide } from './publishing-guide';
