import type { Migration } from 'kysely';
import * as foundation from './2026-11-21-0001-foundation';
import * as agencyRegistry from './2026-11-21-0002-agency-registry';
import * as agencyNatsUser from './2026-11-21-0003-agency-nats-user';
import * as contactPoints from './2026-11-21-0004-contact-points';
import * as urgentConfirmation from './2026-11-21-0005-urgent-confirmation';
import * as webhookContactPoints from './2026-11-21-0006-webhook-contact-points';
import * as sms from './2026-11-21-0007-sms';
import * as onBehalf from './2026-11-21-0008-on-behalf';
import * as consent from './2026-11-21-0009-consent';
import * as sealedContacts from './2026-11-21-0010-sealed-contacts';
import * as forwards from './2026-11-23-0011-forwards';
import * as impactStatements from './2026-11-23-0012-impact-statements';
import * as portalInbox from './2026-11-23-0013-portal-inbox';
import * as channels from './2026-11-23-0014-channels';
import * as subjectDirectory from './2026-11-23-0015-subject-directory';
import * as trustworthyFeeds from './2026-12-02-0016-trustworthy-feeds';
import * as snapshotKeptRows from './2026-12-02-0017-snapshot-kept-rows';
import * as callerSessions from './2026-12-02-0018-caller-sessions';
import * as registrationAgency from './2026-12-02-0019-registration-agency';
import * as rateLimits from './2026-12-03-0020-rate-limits';
import * as advocateSessions from './2026-12-03-0021-advocate-sessions';
import * as passkeys from './2026-12-03-0022-passkeys';
import * as portal from './2026-12-03-0023-portal';
import * as safetyHolds from './2026-12-03-0024-safety-holds';
import * as textOptOut from './2026-12-03-0025-text-opt-out';
import * as dialogueRequests from './2026-12-03-0026-dialogue-requests';
import * as apologyLetters from './2026-12-03-0027-apology-letters';
import * as referrals from './2026-12-03-0028-referrals';
import * as orderingKey from './2026-12-03-0029-ordering-key';
import * as caseFlags from './2026-12-03-0030-case-flags';
import * as scannedLetters from './2026-12-03-0031-scanned-letters';
import * as niemProfiles from './2026-12-03-0032-niem-profiles';

/** Listed explicitly (not read from disk) so migrations run the same under tsx, vitest and a bundle. */
export const migrations: Record<string, Migration> = {
  '2026-11-21-0001-foundation': foundation,
  '2026-11-21-0002-agency-registry': agencyRegistry,
  '2026-11-21-0003-agency-nats-user': agencyNatsUser,
  '2026-11-21-0004-contact-points': contactPoints,
  '2026-11-21-0005-urgent-confirmation': urgentConfirmation,
  '2026-11-21-0006-webhook-contact-points': webhookContactPoints,
  '2026-11-21-0007-sms': sms,
  '2026-11-21-0008-on-behalf': onBehalf,
  '2026-11-21-0009-consent': consent,
  '2026-11-21-0010-sealed-contacts': sealedContacts,
  '2026-11-23-0011-forwards': forwards,
  '2026-11-23-0012-impact-statements': impactStatements,
  '2026-11-23-0013-portal-inbox': portalInbox,
  '2026-11-23-0014-channels': channels,
  '2026-11-23-0015-subject-directory': subjectDirectory,
  '2026-12-02-0016-trustworthy-feeds': trustworthyFeeds,
  '2026-12-02-0017-snapshot-kept-rows': snapshotKeptRows,
  '2026-12-02-0018-caller-sessions': callerSessions,
  '2026-12-02-0019-registration-agency': registrationAgency,
  '2026-12-03-0020-rate-limits': rateLimits,
  '2026-12-03-0021-advocate-sessions': advocateSessions,
  '2026-12-03-0022-passkeys': passkeys,
  '2026-12-03-0023-portal': portal,
  '2026-12-03-0024-safety-holds': safetyHolds,
  '2026-12-03-0025-text-opt-out': textOptOut,
  '2026-12-03-0026-dialogue-requests': dialogueRequests,
  '2026-12-03-0027-apology-letters': apologyLetters,
  '2026-12-03-0028-referrals': referrals,
  '2026-12-03-0029-ordering-key': orderingKey,
  '2026-12-03-0030-case-flags': caseFlags,
  '2026-12-03-0031-scanned-letters': scannedLetters,
  '2026-12-03-0032-niem-profiles': niemProfiles,
};
