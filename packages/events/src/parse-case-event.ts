import type { z } from 'zod';
import { type AgencyId, type AgencyKind, agencyIdFromSource, agencySource } from './agency';
import { type CatalogueEntry, catalogueEntry, isCatalogueType } from './catalogue';
import { caseEventEnvelope } from './envelope';
import type { Rejection } from './rejection';

export const MAX_EVENT_BYTES = 64 * 1024;
/** Clocks drift; an event stamped further ahead than this is refused rather than trusted. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface CaseEvent {
  agencyId: AgencyId;
  eventId: string;
  type: string;
  version: number;
  subjectRef: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  entry: CatalogueEntry;
}

export type ParseResult =
  | { ok: true; event: CaseEvent }
  | { ok: false; rejection: Rejection; eventId?: string };

/**
 * Everything that can be checked without the database: size, JSON, envelope, the source matching
 * the agency the message came from, catalogue type and version, the data schema, and the clock.
 */
export function parseCaseEvent(
  payload: Uint8Array | string,
  options: { publishedAs: AgencyId; now?: Date },
): ParseResult {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  const tooLarge = sizeRejection(bytes);
  if (tooLarge) return reject(tooLarge);

  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch (error) {
    return reject({
      code: 'malformed_json',
      message: `event is not valid JSON (${(error as Error).message})`,
    });
  }

  const eventId =
    typeof json === 'object' && json && 'id' in json && typeof json.id === 'string' ? json.id : undefined;
  const envelope = caseEventEnvelope.safeParse(json);
  if (!envelope.success) {
    // Every problem at once: the envelope's, and the data's too when the type says what data is.
    const raw = json as { type?: unknown; dataversion?: unknown; data?: unknown };
    const known =
      typeof raw === 'object' && raw && typeof raw.type === 'string'
        ? catalogueEntry(raw.type, Number(raw.dataversion ?? '1'))
        : undefined;
    const data = known?.data.safeParse(raw.data);
    const issues = [
      ...problemsOf(envelope.error, ''),
      ...(data && !data.success ? problemsOf(data.error, 'data') : []),
    ];
    return reject(rejectionOf('invalid_envelope', issues), eventId);
  }
  const event = envelope.data;

  if (agencyIdFromSource(event.source) !== options.publishedAs) {
    return reject(
      {
        code: 'source_mismatch',
        field: 'source',
        message: `field source: "${event.source}" does not match the publishing agency; expected "${agencySource(options.publishedAs)}"`,
      },
      eventId,
    );
  }

  const version = Number(event.dataversion);
  const entry = catalogueEntry(event.type, version);
  if (!entry) {
    const known = isCatalogueType(event.type);
    return reject(
      known
        ? {
            code: 'unknown_version',
            field: 'dataversion',
            message: `field dataversion: type ${event.type} has no version ${version}`,
          }
        : {
            code: 'unknown_type',
            field: 'type',
            message: `field type: "${event.type}" is not in the event catalogue`,
          },
      eventId,
    );
  }

  const data = entry.data.safeParse(event.data);
  if (!data.success) return reject(rejectionOf('invalid_data', problemsOf(data.error, 'data')), eventId);

  const occurredAt = new Date(event.time);
  const now = options.now ?? new Date();
  if (occurredAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    return reject(
      {
        code: 'time_in_future',
        field: 'time',
        message: `field time: ${event.time} is more than ${MAX_CLOCK_SKEW_MS / 60000} minutes ahead of the hub's clock`,
      },
      eventId,
    );
  }

  return {
    ok: true,
    event: {
      agencyId: options.publishedAs,
      eventId: event.id,
      type: event.type,
      version,
      subjectRef: event.subject,
      occurredAt,
      data: data.data as Record<string, unknown>,
      entry,
    },
  };
}

/** Checked first of all, before a signature is even looked at. */
export function sizeRejection(bytes: number): Rejection | undefined {
  if (bytes <= MAX_EVENT_BYTES) return undefined;
  return {
    code: 'payload_too_large',
    message: `event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes`,
  };
}

/** The check that needs the agency's record: may this kind of agency publish this type? */
export function publisherRejection(entry: CatalogueEntry, kind: AgencyKind): Rejection | undefined {
  if (entry.publishedBy.includes(kind)) return undefined;
  return {
    code: 'type_not_allowed',
    field: 'type',
    message: `field type: ${entry.type} is not allowed for agency kind ${kind} (allowed: ${entry.publishedBy.join(', ')})`,
  };
}

function reject(rejection: Rejection, eventId?: string): ParseResult {
  return eventId === undefined ? { ok: false, rejection } : { ok: false, rejection, eventId };
}

type Problem = { field?: string; message: string };

function problemsOf(error: z.ZodError, root: string): Problem[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [root, ...issue.path.map(String), ...keys.slice(0, 1)].filter(Boolean).join('.');
    const where = path ? `field ${path}` : 'event';
    const message =
      issue.code === 'unrecognized_keys'
        ? `is not an accepted attribute (${keys.join(', ')})`
        : issue.message;
    return path ? { field: path, message: `${where}: ${message}` } : { message: `${where}: ${message}` };
  });
}

/** One rejection naming every problem: the first in `field`, all of them in the message and `problems`. */
function rejectionOf(code: Rejection['code'], problems: Problem[]): Rejection {
  const [first] = problems;
  const rejection: Rejection = {
    code,
    message: problems.map((p) => p.message).join('; '),
    ...(first?.field && { field: first.field }),
  };
  return problems.length > 1 ? { ...rejection, problems } : rejection;
}
