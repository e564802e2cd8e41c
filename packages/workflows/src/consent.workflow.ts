import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type ConsentActivities,
  type ConsentInput,
  type ConsentOutcome,
  consentRevokedSignal,
} from './contract';

const { remindConsentExpiry, recordConsentExpiry } = proxyActivities<ConsentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One consent's life: remind the registrant before it ends, then record its end. Expiry itself
 * needs nobody: every read checks the grant's expiry in the database; this workflow tells the
 * registrant and writes the audit record. A revocation ends it at once.
 */
export async function consentWorkflow(input: ConsentInput): Promise<ConsentOutcome> {
  let revoked = false;
  setHandler(consentRevokedSignal, () => {
    revoked = true;
  });
  const expiresAt = Date.parse(input.expiresAt);
  const remindAt = expiresAt - input.remindBeforeMs;
  // A consent shorter than the reminder window was given knowing its end: no reminder.
  if (remindAt > workflowInfo().startTime.getTime()) {
    if (await condition(() => revoked, Math.max(1, remindAt - Date.now()))) return 'revoked';
    await remindConsentExpiry({ consentId: input.consentId });
  }
  if (await condition(() => revoked, Math.max(1, expiresAt - Date.now()))) return 'revoked';
  await recordConsentExpiry({ consentId: input.consentId });
  return 'expired';
}
