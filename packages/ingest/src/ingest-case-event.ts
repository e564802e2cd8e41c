import type { AgencyDirectory } from '@switchboard/agencies';
import type { Receipt } from '@switchboard/bus';
import { type Db, markWorkflowStarted, recordCaseEvent, recordRejection } from '@switchboard/db';
import { verifyEventSignature } from '@switchboard/event-signature';
import {
  type AgencyKind,
  parseCaseEvent,
  publisherRejection,
  type Rejection,
  sizeRejection,
} from '@switchboard/events';
import {
  type CaseEventInput,
  caseEventSummary,
  caseEventWorkflowId,
  searchAttributes,
  workflowTypes,
} from '@switchboard/workflows/contract';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';

export interface IngestDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  agencies: AgencyDirectory;
}

export interface PublishedEvent {
  /** The agency the transport vouches for: the NATS subject's agency token, or the HTTP path. */
  publishedAs: string;
  payload: Uint8Array | string;
  /** Detached JWS over `payload`. */
  signature?: string;
  now?: Date;
}

/**
 * One published event, whichever way it came in: who sent it, is it theirs, is it well formed, may
 * they say it; then store it once and start its workflow once. Returns the receipt for the agency.
 * Throws only when the hub itself is unwell (database or Temporal down), so the caller can leave
 * the message for redelivery.
 */
export async function ingestCaseEvent(deps: IngestDeps, message: PublishedEvent): Promise<Receipt> {
  const { db, temporal, taskQueue } = deps;
  const known = await deps.agencies.lookup(message.publishedAs);
  if (!known) {
    return reject(db, message.publishedAs, {
      code: 'unknown_agency',
      message: `agency "${message.publishedAs}" is not registered with this hub`,
    });
  }
  const { agency } = known;
  if (agency.status !== 'active') {
    return reject(db, agency.id, {
      code: 'agency_suspended',
      message: `agency ${agency.id} is suspended; its events are not accepted until it is reinstated`,
    });
  }
  const bytes =
    typeof message.payload === 'string' ? Buffer.byteLength(message.payload) : message.payload.byteLength;
  const tooLarge = sizeRejection(bytes);
  if (tooLarge) return reject(db, agency.id, tooLarge);

  const signature = await verifyEventSignature(message.payload, message.signature, known.keys);
  if (!signature.ok) return reject(db, agency.id, { code: signature.code, message: signature.message });

  const parsed = parseCaseEvent(message.payload, { publishedAs: agency.id, now: message.now });
  if (!parsed.ok) return reject(db, agency.id, parsed.rejection, parsed.eventId);
  const event = parsed.event;

  const notAllowed = publisherRejection(event.entry, agency.kind as AgencyKind);
  if (notAllowed) return reject(db, agency.id, notAllowed, event.eventId);

  const workflowId = caseEventWorkflowId(agency.id, event.eventId);
  const { row, inserted } = await recordCaseEvent(db, { ...event, family: event.entry.family, workflowId });
  const receipt: Receipt = {
    outcome: inserted ? 'accepted' : 'duplicate',
    eventId: event.eventId,
    caseEventId: row.id,
    workflowId,
  };
  if (row.workflow_started_at) return receipt;

  // Stored but not yet started: a first arrival, or a retry after a crash between the two steps.
  const input: CaseEventInput = {
    caseEventId: row.id,
    agencyId: agency.id,
    eventId: event.eventId,
    type: event.type,
    subjectRef: event.subjectRef,
    urgency: event.entry.urgency,
    notifies: event.entry.notifies,
    supersededBy: row.superseded_by ?? undefined,
    hearing: hearingOf(event.type, event.data, event.occurredAt),
    paroleReview: paroleReviewOf(event.type, event.data, event.occurredAt),
  };
  try {
    await temporal.workflow.start(workflowTypes.caseEvent, {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: caseEventSummary(input),
      typedSearchAttributes: [
        { key: searchAttributes.subjectRef, value: event.subjectRef },
        { key: searchAttributes.agencyId, value: agency.id },
        { key: searchAttributes.eventType, value: event.type },
        { key: searchAttributes.urgency, value: event.entry.urgency },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await markWorkflowStarted(db, row.id);
  return receipt;
}

async function reject(db: Db, agencyId: string, rejection: Rejection, eventId?: string): Promise<Receipt> {
  await recordRejection(db, { agencyId, eventId, ...rejection });
  return eventId === undefined
    ? { outcome: 'rejected', ...rejection }
    : { outcome: 'rejected', eventId, ...rejection };
}

/** Court hearing events name their hearing; its date (court data, nobody's personal data) travels too. */
function hearingOf(type: string, data: Record<string, unknown>, occurredAt: Date): CaseEventInput['hearing'] {
  if (!type.startsWith('court.hearing_') || typeof data.hearingId !== 'string') return undefined;
  return {
    hearingId: data.hearingId,
    occurredAt: occurredAt.toISOString(),
    ...(typeof data.scheduledFor === 'string' && { scheduledFor: data.scheduledFor }),
    ...(typeof data.outcome === 'string' && { outcome: data.outcome }),
  };
}

/** Parole review events name their review; its date, deadline and decision are the board's data. */
function paroleReviewOf(
  type: string,
  data: Record<string, unknown>,
  occurredAt: Date,
): CaseEventInput['paroleReview'] {
  if (!type.startsWith('parole.') || typeof data.reviewId !== 'string') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    reviewId: data.reviewId,
    occurredAt: occurredAt.toISOString(),
    scheduledFor: text(data.scheduledFor),
    statementDeadline: text(data.statementDeadline),
    decision: text(data.decision),
  };
}
