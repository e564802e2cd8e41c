import {
  appendAuditRecord,
  type CaseEventRow,
  type Db,
  decideForward,
  listGrantsOnCase,
  listUnpublishedForwards,
  markForwardPublished,
} from '@switchboard/db';
import { type ConsentField, consentState } from './consent-grant';
import { detailsUnder } from './disclosure';

/**
 * What an agency's feed receives when a case event is forwarded under a consent addressed to it:
 * the event as its publisher sent it, and which of the registrant's fields the consent lets this
 * agency read. The values are not in it: the agency reads them at /disclosures with a consent
 * token, checked and audited at that moment. So personal data never rests in a NATS stream, and a
 * forward still in a feed cannot outlive a revocation.
 */
export interface ForwardedCaseEvent {
  /** Stable across retries: `<case event id>:<consent id>`. */
  id: string;
  caseEvent: {
    id: string;
    agencyId: string;
    type: string;
    subject: string;
    time: string;
    dataversion: number;
    data: Record<string, unknown>;
  };
  consent: {
    id: string;
    purpose: string;
    expiresAt: string;
    /** Granted, not denied, and releasable under the consent's regime: what /disclosures returns. */
    fields: ConsentField[];
    /** Granted but held by a community advocate, and this consent was not given in that regime. */
    withheld: ConsentField[];
  };
}

export interface ForwardDeps {
  db: Db;
  /** Puts one forward on the agency's feed; `id` deduplicates a repeat. */
  publish(agencyId: string, forward: ForwardedCaseEvent): Promise<void>;
}

/**
 * Weighs a case event against every consent given on its case and forwards it to each agency a
 * consent in force names (never back to its publisher). Each decision, forwarded or refused, is
 * recorded and audited once; a retry publishes only what the feeds have not taken.
 */
export async function forwardCaseEvent(
  deps: ForwardDeps,
  event: CaseEventRow,
  now = new Date(),
): Promise<{ forwarded: number; refused: number }> {
  const grants = (await listGrantsOnCase(deps.db, event.subject_ref)).filter(
    (grant) => grant.recipient_agency_id !== event.agency_id,
  );
  const ready = new Map<string, ForwardedCaseEvent>();
  let refused = 0;
  for (const grant of grants) {
    const state = consentState(grant, now);
    const granted = grant.fields.filter((f) => !grant.denied_fields.includes(f)) as ConsentField[];
    const withheld = state === 'in_force' ? detailsUnder(grant, granted).withheld : ([] as ConsentField[]);
    const fields = granted.filter((f) => !withheld.includes(f));
    const outcome = state === 'in_force' ? 'allowed' : 'refused';
    await deps.db.transaction().execute(async (trx) => {
      const decision = { caseEventId: event.id, consentId: grant.id, agencyId: grant.recipient_agency_id };
      if (!(await decideForward(trx, { ...decision, outcome }))) return;
      if (outcome === 'refused') refused++;
      await appendAuditRecord(trx, {
        actor: 'hub',
        action: 'disclosure.forward',
        consentId: grant.id,
        fields: outcome === 'allowed' ? fields : [],
        outcome,
        reason:
          outcome === 'allowed'
            ? `${event.type} ${event.id} to ${grant.recipient_agency_id}${withheld.length ? `; withheld ${withheld.join(', ')}` : ''}`
            : `${event.type} ${event.id} not forwarded to ${grant.recipient_agency_id}: consent ${state.replace('_', ' ')}`,
      });
    });
    if (outcome === 'allowed') {
      ready.set(grant.id, {
        id: `${event.id}:${grant.id}`,
        caseEvent: {
          id: event.event_id,
          agencyId: event.agency_id,
          type: event.type,
          subject: event.subject_ref,
          time: event.occurred_at.toISOString(),
          dataversion: event.data_version,
          data: event.data,
        },
        consent: {
          id: grant.id,
          purpose: grant.purpose,
          expiresAt: grant.expires_at.toISOString(),
          fields,
          withheld,
        },
      });
    }
  }
  let forwarded = 0;
  // Nothing allowed now, nothing to publish (the usual case: no consent names this case).
  if (ready.size === 0) return { forwarded, refused };
  for (const pending of await listUnpublishedForwards(deps.db, event.id)) {
    // Allowed on an earlier try but revoked since: the feed does not get it.
    const forward = ready.get(pending.consent_id);
    if (!forward) continue;
    await deps.publish(pending.agency_id, forward);
    await markForwardPublished(deps.db, event.id, pending.consent_id);
    forwarded++;
  }
  return { forwarded, refused };
}
