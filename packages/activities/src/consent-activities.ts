import type { EmailChannel } from '@switchboard/channels';
import {
  appendAuditRecord,
  type Db,
  findAgency,
  findConsentGrant,
  findRegistrantEmail,
  hasAuditRecord,
  markExpiryReminded,
} from '@switchboard/db';
import type { Logger } from '@switchboard/log';
import type { DataKeyring } from '@switchboard/sealing';
import type { ConsentActivities } from '@switchboard/workflows/contract';
import { consentExpiryNotice } from './notices/consent-notices';

/** Thin and idempotent, like the notification activities: ids in, ids out. */
export function createConsentActivities({
  db,
  keyring,
  email,
  log,
}: {
  db: Db;
  keyring: DataKeyring;
  email: EmailChannel;
  log: Logger;
}): ConsentActivities {
  return {
    async remindConsentExpiry({ consentId }) {
      const grant = await findConsentGrant(db, consentId);
      if (!grant || grant.revoked_at || grant.expiry_reminded_at || grant.expires_at <= new Date()) {
        return { reminded: false };
      }
      const to = await findRegistrantEmail(db, keyring, grant.registrant_id);
      if (to) {
        const agency = await findAgency(db, grant.recipient_agency_id);
        const notice = consentExpiryNotice({
          language: to.language,
          displayName: to.displayName,
          agencyName: agency?.name ?? grant.recipient_agency_id,
          fields: grant.fields,
          caseRef: grant.case_ref,
          expiresAt: grant.expires_at,
        });
        await email.send({
          to: to.address,
          subject: notice.subject,
          text: notice.text,
          language: notice.language,
          messageId: `<consent-expiry-${consentId}@switchboard>`,
          headers: { 'X-Switchboard-Consent': consentId },
        });
      }
      await markExpiryReminded(db, consentId);
      log.info({ consentId, emailed: Boolean(to) }, 'consent expiry reminder');
      return { reminded: Boolean(to) };
    },

    async recordConsentExpiry({ consentId }) {
      const grant = await findConsentGrant(db, consentId);
      if (!grant || grant.revoked_at || (await hasAuditRecord(db, consentId, 'consent.expire'))) return;
      await appendAuditRecord(db, {
        actor: 'hub',
        action: 'consent.expire',
        consentId,
        fields: grant.fields,
        outcome: 'recorded',
        reason: `expired ${grant.expires_at.toISOString()}`,
      });
    },
  };
}
