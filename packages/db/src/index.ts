export {
  addAgencyKey,
  findAgency,
  listActiveAgencyKeys,
  listAgencies,
  listAgencyKeys,
  revokeAgencyKey,
  saveAgency,
  setAgencyNatsUser,
  setAgencyStatus,
} from './agency/agency.repository';
export {
  countCaseEvents,
  findCaseEvent,
  getCaseEventById,
  listRecentRejections,
  markWorkflowStarted,
  type NewCaseEvent,
  recordCaseEvent,
  recordRejection,
} from './case-event/case-event.repository';
export { createDb, type Db, dropDatabase, ensureDatabase, pingDatabase } from './connect';
export {
  claimDelivery,
  countDeliveries,
  listDeliveriesForCaseEvent,
  markDeliveryAttemptFailed,
  markDeliverySent,
  recordProviderStatus,
} from './delivery/delivery.repository';
export { migrateToLatest } from './migrate';
export {
  findAdvocateOfRegistration,
  findConfirmation,
  findConfirmationLink,
  findNotificationPreferences,
  type NotificationPreferences,
  recordConfirmation,
  saveAdvocate,
  saveConfirmationLink,
  setRegistrationPreferences,
  updateRegistrantOf,
} from './notification/notification.repository';
export {
  type ContactPoint,
  countWrongPin,
  createRegistrant,
  disableContactPoint,
  findActiveRegistrationIds,
  findContactPoint,
  findContactPointAddress,
  findPendingVerification,
  findRegistrationRecord,
  findSmsContactPoint,
  findVerifiedEmailOfRegistrant,
  markContactPointVerified,
  type NewRegistrant,
  type PendingVerification,
  recordContactPointFailure,
  recordContactPointSuccess,
  recordFailedVerification,
  register,
  registrationsWithVerifiedContact,
  resetWrongPins,
  saveContactPoint,
  setRegistrationStatus,
  storeVerificationCode,
} from './registration/registration.repository';
export type { Agency, AgencyKey, CaseEventRow, Database, Delivery, EventRejection } from './schema';
