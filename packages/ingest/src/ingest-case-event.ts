import type { Receipt } from '@switchboard/bus';
import { type Db, findAgency, markWorkflowStarted, recordCaseEvent, recordRejection } from '@switchboard/db';
import { type AgencyKind, parseCaseEvent, publisherRejection, type Rejection } from '@switchboard/events';
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
}

/**
 * One published event, whichever way it came in: validate, store once, start its workflow once.
 * Returns the receipt for the agency. Throws only when the hub itself is unwell (database or
 * Temporal down), so the caller can leave the message for redelivery.
 */
export async function ingestCaseEvent(
  deps: IngestDeps,
  message: { publishedAs: string; payload: Uint8Array | string; now?: Date },
): Promise<Receipt> {
  const { db, temporal, taskQueue } = deps;
  const agency = await findAgency(db, message.publishedAs);
  if (!agency) {
    return reject(db, message.publishedAs, undefined, {
      code: 'unknown_agency',
      message: `agency "${message.publishedAs}" is not registered with this hub`,
    });
  }

  const parsed = parseCaseEvent(message.payload, { publishedAs: agency.id, now: message.now });
  if (!parsed.ok) return reject(db, agency.id, parsed.eventId, parsed.rejection);
  const event = parsed.event;

  const notAllowed = publisherRejection(event.entry, agency.kind as AgencyKind);
  if (notAllowed) return reject(db, agency.id, event.eventId, notAllowed);

  const workflowId = caseEventWorkflowId(agency.id, event.eventId);
  const { row, inserted } = await recordCaseEvent(db, { ...event, workflowId });
  const outcome = inserted ? 'accepted' : 'duplicate';
  const receipt: Receipt = { outcome, eventId: event.eventId, caseEventId: row.id, workflowId };
  if (row.workflow_started_at) return receipt;

  // Stored but not yet started: a first arrival, or a retry after a crash between the two steps.
  const input: CaseEventInput = {
    caseEventId: row.id,
    agencyId: agency.id,
    eventId: event.eventId,
    type: event.type,
    subjectRef: event.subjectRef,
    urgency: event.entry.urgency,
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
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await markWorkflowStarted(db, row.id);
  return receipt;
}

async function reject(
  db: Db,
  agencyId: string,
  eventId: string | undefined,
  rejection: Rejection,
): Promise<Receipt> {
  await recordRejection(db, { agencyId, eventId, ...rejection });
  return eventId === undefined
    ? { outcome: 'rejected', ...rejection }
    : { outcome: 'rejected', eventId, ...rejection };
}
