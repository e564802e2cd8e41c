import type { ConsentGrant } from '@switchboard/db';
import {
  type ConsentInput,
  consentRevokedSignal,
  consentSummary,
  consentWorkflowId,
  searchAttributes,
  workflowTypes,
} from '@switchboard/workflows/contract';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';

export interface LifecycleDeps {
  temporal: Client;
  taskQueue: string;
  /** The registrant is reminded this long before a consent expires. */
  remindBeforeMs: number;
}

/** Starts the grant's own workflow: a reminder before it expires, and the expiry recorded. */
export async function followConsent(deps: LifecycleDeps, grant: ConsentGrant): Promise<string> {
  const input: ConsentInput = {
    consentId: grant.id,
    agencyId: grant.recipient_agency_id,
    expiresAt: grant.expires_at.toISOString(),
    remindBeforeMs: deps.remindBeforeMs,
  };
  const handle = await deps.temporal.workflow.start(workflowTypes.consent, {
    taskQueue: deps.taskQueue,
    workflowId: consentWorkflowId(grant.id),
    args: [input],
    typedSearchAttributes: [{ key: searchAttributes.agencyId, value: grant.recipient_agency_id }],
    staticSummary: consentSummary(input),
  });
  return handle.workflowId;
}

/** A revoked grant needs no reminder: its workflow ends. Gone already is fine. */
export async function endConsentFollowUp(deps: Pick<LifecycleDeps, 'temporal'>, consentId: string) {
  try {
    await deps.temporal.workflow.getHandle(consentWorkflowId(consentId)).signal(consentRevokedSignal);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}
