import { randomUUID } from 'node:crypto';
import {
  agencySource,
  type CaseEventEnvelope,
  type CaseEventType,
  caseEventEnvelope,
  catalogueEntry,
  type EventData,
  latestVersion,
} from '@switchboard/events';

export class CaseEventInvalid extends Error {
  override readonly name = 'CaseEventInvalid';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface CaseEventFields<T extends CaseEventType> {
  /** The subject or case reference: an identifier, never a name. */
  subject: string;
  data: EventData<T>;
  /** Unique per agency; a new UUID when left out. Re-use it to retry the same event safely. */
  id?: string;
  /** When it happened; now when left out. */
  time?: Date | string;
}

/**
 * A CloudEvent for one catalogue type, checked here with the same schemas the hub uses, so a
 * mistake is caught before it leaves the agency.
 */
export function buildCaseEvent<T extends CaseEventType>(
  agencyId: string,
  type: T,
  fields: CaseEventFields<T>,
): CaseEventEnvelope {
  const version = latestVersion(type);
  const entry = catalogueEntry(type, version)!;
  const data = entry.data.safeParse(fields.data);
  if (!data.success) {
    const issue = data.error.issues[0]!;
    throw new CaseEventInvalid(['data', ...issue.path.map(String)].join('.'), issue.message);
  }
  const time = fields.time ?? new Date();
  const event = caseEventEnvelope.safeParse({
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    source: agencySource(agencyId),
    type,
    subject: fields.subject,
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: 'application/json',
    dataversion: String(version),
    data: data.data,
  });
  if (!event.success) {
    const issue = event.error.issues[0]!;
    throw new CaseEventInvalid(issue.path.map(String).join('.') || 'event', issue.message);
  }
  return event.data;
}
