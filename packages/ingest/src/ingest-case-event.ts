import type { AgencyDirectory } from '@switchboard/agencies';
import type { Receipt } from '@switchboard/bus';
import {
  type BurstSettings,
  type CaseEventRow,
  type Db,
  findCaseEvent,
  findNiemProfile,
  getCaseEventById,
  holdIfBurst,
  latestHearingSchedule,
  markRetracted,
  markWorkflowStarted,
  recordCaseEvent,
  recordRejection,
} from '@switchboard/db';
import { binarySigningInput, verifyEventSignature } from '@switchboard/event-signature';
import {
  type AgencyKind,
  catalogueEntry,
  eventsOfBatch,
  MAX_BATCH_BYTES,
  orderingKey,
  parseCaseEvent,
  publisherRejection,
  type Rejection,
  sizeRejection,
  structuredFromBinary,
} from '@switchboard/events';
import {
  MAX_NIEM_BYTES,
  NiemRefused,
  niemCaseEvent,
  niemEventId,
  niemProfile,
  readNiemMessage,
} from '@switchboard/niem';
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
  /** When a run of urgent and high events from one agency is held for a coordinator. */
  burst: BurstSettings;
  /** Counts each event's fate (metrics): agency id, catalogue type or `unknown`, outcome. */
  observe?: (agencyId: string, type: string, outcome: Receipt['outcome']) => void;
}

export interface PublishedEvent {
  /** The agency the transport vouches for: the NATS subject's agency token, or the HTTP path. */
  publishedAs: string;
  payload: Uint8Array | string;
  /** Detached JWS over `payload` (in binary mode, over its signing input). */
  signature?: string;
  /** A NIEM exchange (XML, bare or in its JSON envelope) rather than a CloudEvent. */
  niem?: boolean;
  /**
   * CloudEvents' other content modes: binary (attributes in its `ce-*` headers, `data` the payload)
   * or a batch (a JSON array of structured events under one signature). Structured when absent.
   */
  mode?: { kind: 'binary'; headers: Record<string, string> } | { kind: 'batch' };
  now?: Date;
}

/**
 * One published message, whichever way it came in: who sent it, is it theirs, is it well formed,
 * may they say it; then store each event in it once and start its workflow once. Returns the
 * receipts for the agency, one per event (a batch has several). Throws only when the hub itself is
 * unwell (database or Temporal down), so the caller can leave the message for redelivery.
 */
export async function ingestCaseEvents(deps: IngestDeps, message: PublishedEvent): Promise<Receipt[]> {
  const receipts = await ingestMessage(deps, message);
  // A rejected event's type is whatever the sender wrote: not a label (it could be anything).
  for (const receipt of receipts)
    if (receipt.outcome === 'rejected') deps.observe?.(message.publishedAs, 'unknown', 'rejected');
  return receipts;
}

/** One event (structured, binary or NIEM): its receipt. */
export async function ingestCaseEvent(deps: IngestDeps, message: PublishedEvent): Promise<Receipt> {
  return (await ingestCaseEvents(deps, message))[0]!;
}

type Reading =
  | { ok: true; json: string | Uint8Array }
  | { ok: false; rejection: Rejection; eventId?: string };

async function ingestMessage(deps: IngestDeps, message: PublishedEvent): Promise<Receipt[]> {
  const { db } = deps;
  const known = await deps.agencies.lookup(message.publishedAs);
  if (!known) {
    return [
      await reject(db, message.publishedAs, {
        code: 'unknown_agency',
        message: `agency "${message.publishedAs}" is not registered with this hub`,
      }),
    ];
  }
  const { agency } = known;
  if (agency.status !== 'active') {
    return [
      await reject(db, agency.id, {
        code: 'agency_suspended',
        message: `agency ${agency.id} is suspended; its events are not accepted until it is reinstated`,
      }),
    ];
  }
  const bytes =
    typeof message.payload === 'string' ? Buffer.byteLength(message.payload) : message.payload.byteLength;
  const limit = message.niem ? MAX_NIEM_BYTES : message.mode?.kind === 'batch' ? MAX_BATCH_BYTES : undefined;
  const tooLarge =
    limit === undefined
      ? sizeRejection(bytes)
      : bytes > limit
        ? {
            code: 'payload_too_large' as const,
            message: `message is ${bytes} bytes; the limit is ${limit} bytes`,
          }
        : undefined;
  if (tooLarge) return [await reject(db, agency.id, tooLarge)];

  // The signature covers the exact bytes the agency sent (in binary mode, its headers too), before
  // anything reads them.
  const signed =
    message.mode?.kind === 'binary'
      ? binarySigningInput(message.mode.headers, message.payload)
      : message.payload;
  const signature = await verifyEventSignature(signed, message.signature, known.keys);
  if (!signature.ok)
    return [await reject(db, agency.id, { code: signature.code, message: signature.message })];

  let readings: Reading[];
  if (message.niem) readings = [await readNiemExchange(db, agency, message)];
  else if (message.mode?.kind === 'binary')
    readings = [structuredFromBinary(message.mode.headers, message.payload)];
  else if (message.mode?.kind === 'batch') {
    const batch = eventsOfBatch(message.payload);
    if (!batch.ok) return [await reject(db, agency.id, batch.rejection)];
    readings = batch.events;
  } else readings = [{ ok: true, json: message.payload }];

  const receipts: Receipt[] = [];
  for (const reading of readings)
    receipts.push(
      reading.ok
        ? await ingestProven(deps, agency, reading.json, message.now)
        : await reject(db, agency.id, reading.rejection, reading.eventId),
    );
  return receipts;
}

/** One event whose sender is proven: well formed, theirs to say, stored once, started once. */
async function ingestProven(
  deps: IngestDeps,
  agency: { id: string; kind: string },
  payload: string | Uint8Array,
  now: Date | undefined,
): Promise<Receipt> {
  const { db } = deps;
  const parsed = parseCaseEvent(payload, { publishedAs: agency.id, now });
  if (!parsed.ok) return reject(db, agency.id, parsed.rejection, parsed.eventId);
  const event = parsed.event;

  const notAllowed = publisherRejection(event.entry, agency.kind as AgencyKind);
  if (notAllowed) return reject(db, agency.id, notAllowed, event.eventId);

  // A retraction names an event this agency published; it cannot withdraw another retraction.
  let withdrawn: CaseEventRow | undefined;
  if (event.type === 'feed.retraction') {
    withdrawn = await findCaseEvent(db, agency.id, String(event.data.retracts));
    if (!withdrawn || withdrawn.type === 'feed.retraction') {
      return reject(
        db,
        agency.id,
        {
          code: 'invalid_data',
          message: `data.retracts names no event ${agency.id} has published (retractions cannot be retracted)`,
          field: 'data.retracts',
        },
        event.eventId,
      );
    }
  }

  const workflowId = caseEventWorkflowId(agency.id, event.eventId);
  const { row, inserted } = await recordCaseEvent(db, {
    ...event,
    family: event.entry.family,
    orderingKey: orderingKey(event.type, event.data),
    urgency: event.entry.urgency,
    workflowId,
  });
  const later = inserted && row.superseded_by ? await getCaseEventById(db, row.superseded_by) : undefined;
  const receipt: Receipt = later
    ? {
        outcome: 'superseded',
        eventId: event.eventId,
        caseEventId: row.id,
        workflowId,
        supersededBy: later.event_id,
      }
    : {
        outcome: inserted ? 'accepted' : 'duplicate',
        eventId: event.eventId,
        caseEventId: row.id,
        workflowId,
      };
  deps.observe?.(agency.id, event.type, receipt.outcome);
  // Before anything is started: a withdrawn event that has not gone out yet never will.
  if (withdrawn) await markRetracted(db, withdrawn.id, row.id);
  if (row.workflow_started_at) return receipt;
  // Stored but not yet started: a first arrival, or a retry after a crash between the two steps.
  // An unusual burst is held here, before any victim hears of it, until a coordinator decides.
  if (await holdIfBurst(db, row, deps.burst)) return receipt;
  await startCaseEventWorkflow(deps, row);
  return receipt;
}

/**
 * A NIEM exchange read into the CloudEvent it stands for, with the agency's profile (facility, zone,
 * hearing codes) and, for a court's update or delete, the hub's memory of that hearing's schedule.
 * Only identifiers, times, places and codes come out; the XML itself goes no further.
 */
async function readNiemExchange(
  db: Db,
  agency: { id: string; name: string },
  message: PublishedEvent,
): Promise<Reading> {
  const profile = niemProfile.parse((await findNiemProfile(db, agency.id)) ?? {});
  try {
    const facts = readNiemMessage(message.payload, { profile });
    const previousSchedule =
      facts.kind === 'court-event' && facts.operation !== 'add'
        ? await latestHearingSchedule(db, agency.id, facts.subjectRef, facts.hearingId)
        : undefined;
    const event = niemCaseEvent(facts, {
      agencyId: agency.id,
      facility: profile.facility ?? agency.name,
      previousSchedule,
      now: message.now ?? new Date(),
    });
    return { ok: true, json: JSON.stringify(event) };
  } catch (error) {
    if (!(error instanceof NiemRefused)) throw error;
    const eventId = niemEventId(message.payload);
    return {
      ok: false,
      rejection: { code: 'invalid_niem', field: error.path, message: error.message },
      ...(eventId && { eventId }),
    };
  }
}

/**
 * Starts a stored event's workflow, once (the workflow id is the event's), and marks it started.
 * Ingest calls it for published events; the dispatcher for snapshot-derived ones, released holds,
 * and anything a crash left unstarted.
 */
export async function startCaseEventWorkflow(
  deps: Pick<IngestDeps, 'db' | 'temporal' | 'taskQueue'>,
  row: CaseEventRow,
): Promise<void> {
  const entry = catalogueEntry(row.type, row.data_version);
  if (!entry)
    throw new Error(
      `stored case event ${row.id} has type ${row.type} v${row.data_version}, not in the catalogue`,
    );
  const data = row.data;
  let correction: CaseEventInput['correction'];
  if (row.type === 'feed.retraction') {
    const withdrawn = await findCaseEvent(deps.db, row.agency_id, String(data.retracts));
    if (withdrawn) correction = { retractedCaseEventId: withdrawn.id };
  }
  const input: CaseEventInput = {
    caseEventId: row.id,
    agencyId: row.agency_id,
    eventId: row.event_id,
    type: row.type,
    subjectRef: row.subject_ref,
    urgency: entry.urgency,
    notifies: entry.notifies,
    supersededBy: row.superseded_by ?? undefined,
    hearing: hearingOf(row.type, data, row.occurred_at),
    paroleReview: paroleReviewOf(row.type, data, row.occurred_at),
    ...(correction && { correction }),
  };
  try {
    await deps.temporal.workflow.start(workflowTypes.caseEvent, {
      taskQueue: deps.taskQueue,
      workflowId: row.workflow_id,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: caseEventSummary(input),
      typedSearchAttributes: [
        { key: searchAttributes.subjectRef, value: row.subject_ref },
        { key: searchAttributes.agencyId, value: row.agency_id },
        { key: searchAttributes.eventType, value: row.type },
        { key: searchAttributes.urgency, value: entry.urgency },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await markWorkflowStarted(deps.db, row.id);
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
