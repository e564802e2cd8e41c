import { createHash } from 'node:crypto';
import { type hearingTypes, releaseReasons } from '@switchboard/events';
import type { Element } from '@xmldom/xmldom';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { NiemProfile } from './profile';
import { at, attributeIn, below, parseXml, pathTo, type Step, textAt, XmlRefused } from './xml';

/** Booking messages carry base64 photos; NATS takes 1 MiB with its headers. */
export const MAX_NIEM_BYTES = 1024 * 1024 - 4096;

type ReleaseReason = (typeof releaseReasons)[number];
type HearingType = (typeof hearingTypes)[number];

/** What a NIEM message says that the hub may keep: identifiers, times, places, codes. Nothing else. */
export type NiemFacts = { eventId: string; sentAt?: string } & (
  | { kind: 'booking'; subjectRef: string; bookedAt: string; charges: string[] }
  | { kind: 'release'; subjectRef: string; releasedAt: string; reason: ReleaseReason }
  | { kind: 'release-scheduled'; subjectRef: string; scheduledFor: string; reason: ReleaseReason }
  | {
      kind: 'court-event';
      subjectRef: string;
      hearingId: string;
      operation: 'add' | 'update' | 'delete';
      scheduledFor?: string;
      court?: string;
      courtroom?: string;
      hearingType: HearingType;
    }
);

/** Why a message was refused, and where in it: a path, never a value from it. */
export class NiemRefused extends Error {
  override readonly name = 'NiemRefused';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** The JSON envelope some exchanges wrap their XML in. */
const envelope = z.object({
  Metadata: z
    .object({
      MessageId: z.string().min(1).max(200).optional(),
      MessageSentTimestamp: z.string().max(40).optional(),
      ExchangeDataType: z.string().max(80).optional(),
    })
    .loose(),
  ExchangeData: z.string().min(1),
});

const identifier = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const eventIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Reads a NIEM 5 booking, release or court-event exchange, bare or in its JSON envelope, and keeps
 * only what a notice needs. Names, birth dates, addresses, photos and comments are read past, never
 * copied: the facts are all that leaves this function. Throws NiemRefused naming the path.
 */
export function readNiemMessage(
  payload: Uint8Array | string,
  options: { profile: NiemProfile; messageType?: string },
): NiemFacts {
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_NIEM_BYTES)
    throw new NiemRefused(`message is ${bytes} bytes; the limit is ${MAX_NIEM_BYTES}`, '/');
  const { xml, metadata } = unwrap(text);
  let root: Element;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlRefused) throw new NiemRefused(error.message, metadata ? '/ExchangeData' : '/');
    throw error;
  }
  const eventId = eventIdOf(xml, metadata?.MessageId);
  const zone = options.profile.timeZone;
  const sentAt = metadata?.MessageSentTimestamp
    ? instant(metadata.MessageSentTimestamp, zone, '/Metadata/MessageSentTimestamp')
    : undefined;
  const base = { eventId, ...(sentAt && { sentAt }) };
  const messageType = options.messageType ?? metadata?.ExchangeDataType;

  switch (root.localName) {
    case 'BookingExchange':
      return { ...base, ...readBooking(root, zone, messageType) };
    case 'CourtEventExchange':
      return { ...base, ...readCourtEvent(root, options.profile) };
    default:
      throw new NiemRefused('expected a BookingExchange or a CourtEventExchange', `/${root.localName}`);
  }
}

/**
 * A message's event id: `jtmp-<MessageId>` from its envelope, else a digest of its XML, so the
 * same message sent again is the same event. Undefined when the envelope cannot be read.
 */
export function niemEventId(payload: Uint8Array | string): string | undefined {
  try {
    const { xml, metadata } = unwrap(
      typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'),
    );
    return eventIdOf(xml, metadata?.MessageId);
  } catch {
    return undefined;
  }
}

function eventIdOf(xml: string, messageId: string | undefined): string {
  if (!messageId) return `niem-${digest(xml)}`;
  return eventIdPattern.test(`jtmp-${messageId}`) ? `jtmp-${messageId}` : `jtmp-${digest(messageId)}`;
}

function unwrap(text: string): {
  xml: string;
  metadata?: z.infer<typeof envelope>['Metadata'];
} {
  if (!text.trimStart().startsWith('{')) return { xml: text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NiemRefused('the envelope is not valid JSON', '/');
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NiemRefused(issue.message, `/${issue.path.join('/')}`);
  }
  return { xml: parsed.data.ExchangeData, metadata: parsed.data.Metadata };
}

function readBooking(root: Element, zone: string, messageType: string | undefined) {
  const booking = required(root, below(root, 'j:Booking')[0], 'j:Booking');
  const subjectRef = identifierAt(booking, 'j:BookingAgencyRecordIdentification', 'nc:IdentificationID');
  const release = below(root, 'j:BookingRelease')[0];
  const isRelease = messageType ? /release/i.test(messageType) : release !== undefined;
  if (!isRelease) {
    const charges = below(root, 'j:ArrestCharge')
      .flatMap((charge) => (at(charge, 'j:ChargeStatute') ? [at(charge, 'j:ChargeStatute')!] : []))
      .map(
        (statute) =>
          textAt(statute, 'j:StatuteDescriptionText') ??
          textAt(statute, 'j:StatuteCodeIdentification', 'nc:IdentificationID'),
      )
      .filter((charge): charge is string => charge !== undefined)
      .map((charge) => charge.slice(0, 200))
      .slice(0, 50);
    return {
      kind: 'booking' as const,
      subjectRef,
      bookedAt: activityDate(booking, 'nc:ActivityDate', zone, true)!,
      charges,
    };
  }
  const releaseElement = required(booking, release, 'j:BookingRelease');
  const reason = releaseReason(textAt(releaseElement, 'nc:ActivityComment', 'nc:CommentText'));
  const completed = textAt(releaseElement, 'nc:ActivityCompletedIndicator');
  const happened = activityDate(releaseElement, 'nc:ActivityDate', zone, false);
  const scheduled = activityDate(releaseElement, 'nc:ActivityScheduledDate', zone, false);
  if (happened && completed !== 'false')
    return { kind: 'release' as const, subjectRef, releasedAt: happened, reason };
  if (scheduled) return { kind: 'release-scheduled' as const, subjectRef, scheduledFor: scheduled, reason };
  throw new NiemRefused(
    completed === 'false'
      ? 'a release not yet completed needs nc:ActivityScheduledDate'
      : 'a release needs nc:ActivityDate (or nc:ActivityScheduledDate for one to come)',
    pathTo(releaseElement),
  );
}

function readCourtEvent(root: Element, profile: NiemProfile) {
  const event = required(root, below(root, 'j:CourtEvent')[0], 'j:CourtEvent');
  const subjectRef = identifierAt(event, 'j:CourtEventCase', 'nc:CaseDocketID');
  const sequence =
    textAt(event, 'j:CourtEventSequenceID', 'nc:IdentificationID') ?? textAt(event, 'j:CourtEventSequenceID');
  if (!sequence) throw new NiemRefused('is required', pathTo(event, 'j:CourtEventSequenceID'));
  const hearingId = `${subjectRef}-${sequence}`;
  if (!identifier.test(hearingId))
    throw new NiemRefused(
      'with the docket id, must make an identifier of 1-64 letters, digits, dots, colons or hyphens',
      pathTo(event, 'j:CourtEventSequenceID'),
    );
  const operation = operationOf(root, event);
  const scheduledFor = activityDate(
    event,
    ['j:CourtEventSchedule', 'nc:ScheduleDate'],
    profile.timeZone,
    false,
  );
  if (!scheduledFor && operation !== 'delete')
    throw new NiemRefused(
      'is required',
      pathTo(event, 'j:CourtEventSchedule', 'nc:ScheduleDate', 'nc:DateTime'),
    );
  const court = textAt(event, 'j:CourtEventCourt', 'j:CourtName')?.slice(0, 120);
  if (!court && operation !== 'delete')
    throw new NiemRefused('is required', pathTo(event, 'j:CourtEventCourt', 'j:CourtName'));
  const roomElement = below(event, 'nc:LocationRoomText')[0];
  const courtroom = roomElement?.textContent?.trim().slice(0, 40) || undefined;
  const code = textAt(event, 'j:CourtEventTypeCode') ?? textAt(event, 'nc:ActivityCategoryText');
  return {
    kind: 'court-event' as const,
    subjectRef,
    hearingId,
    operation,
    ...(scheduledFor && { scheduledFor }),
    ...(court && { court }),
    ...(courtroom && { courtroom }),
    hearingType: (code && profile.hearingCodes[code]) || 'other',
  };
}

/**
 * The message's operation on this court event: `structures:metadata` (or `structures:ref`) names
 * the metadata element (by `structures:id`) that carries a `MessageOperationCode`. None means add.
 */
function operationOf(root: Element, event: Element): 'add' | 'update' | 'delete' {
  const refs = (attributeIn(event, 'structures', 'metadata') ?? attributeIn(event, 'structures', 'ref'))
    ?.split(/\s+/)
    .filter(Boolean);
  if (!refs?.length) return 'add';
  const all = allElements(root);
  for (const ref of refs) {
    const target = all.find((element) => attributeIn(element, 'structures', 'id') === ref);
    if (!target) continue;
    const codeElement =
      target.localName === 'MessageOperationCode' ? target : below(target, '*:MessageOperationCode')[0];
    const code = codeElement?.textContent?.trim().toLowerCase();
    if (code === 'add' || code === 'update' || code === 'delete') return code;
    if (codeElement) throw new NiemRefused('must be add, update or delete', pathTo(codeElement));
  }
  throw new NiemRefused(
    'names no element carrying a MessageOperationCode',
    `${pathTo(event)}/@structures:${attributeIn(event, 'structures', 'metadata') ? 'metadata' : 'ref'}`,
  );
}

function allElements(root: Element): Element[] {
  const found: Element[] = [root];
  for (let i = 0; i < found.length; i++)
    for (let node = found[i]!.firstChild; node; node = node.nextSibling)
      if (node.nodeType === 1) found.push(node as Element);
  return found;
}

function required(parent: Element, element: Element | undefined, step: Step): Element {
  if (!element) throw new NiemRefused('is required', pathTo(parent, step));
  return element;
}

function identifierAt(element: Element, ...steps: Step[]): string {
  const value = textAt(element, ...steps);
  if (!value) throw new NiemRefused('is required', pathTo(element, ...steps));
  if (!identifier.test(value))
    throw new NiemRefused(
      'must be an identifier of 1-64 letters, digits, dots, colons or hyphens',
      pathTo(element, ...steps),
    );
  return value;
}

/**
 * `nc:DateTime` or `nc:Date` inside the given element; a value without an offset is in the
 * agency's zone; a date alone is the start of that day there.
 */
function activityDate(
  element: Element,
  steps: Step | Step[],
  zone: string,
  needed: boolean,
): string | undefined {
  const path = Array.isArray(steps) ? steps : [steps];
  const dateTime = textAt(element, ...path, 'nc:DateTime');
  const date = textAt(element, ...path, 'nc:Date');
  if (dateTime) return instant(dateTime, zone, pathTo(element, ...path, 'nc:DateTime'));
  if (date) return instant(date, zone, pathTo(element, ...path, 'nc:Date'));
  if (needed) throw new NiemRefused('is required', pathTo(element, ...path, 'nc:DateTime'));
  return undefined;
}

function instant(value: string, zone: string, path: string): string {
  const parsed = DateTime.fromISO(value, { zone, setZone: true });
  if (!parsed.isValid || parsed.year < 1900 || parsed.year > 2200)
    throw new NiemRefused('must be a date or date and time between the years 1900 and 2200', path);
  return parsed.toISO({ suppressMilliseconds: true })!;
}

const reasonWords: [RegExp, ReleaseReason][] = [
  [/own recogni[sz]ance|\bO\.?R\.?\b|\bROR\b/i, 'own_recognizance'],
  [/\bbail/i, 'bail'],
  [/\bbond/i, 'bond'],
  [/parole/i, 'parole'],
  [/probation/i, 'probation'],
  [/acquit|not guilty/i, 'acquitted'],
  [/dropped|dismiss|no charges|not filed/i, 'charges_dropped'],
  [/transfer|extradit|another (county|state|jurisdiction)/i, 'transfer_to_other_jurisdiction'],
  [/court order|ordered released|judge/i, 'court_order'],
  [/time served|sentence|expir/i, 'sentence_completed'],
];

/** The jail's free-text reason, mapped to ours; the words themselves are never kept. */
export function releaseReason(comment: string | undefined): ReleaseReason {
  if (!comment) return 'other';
  const found = reasonWords.find(([pattern]) => pattern.test(comment))?.[1];
  return found && releaseReasons.includes(found) ? found : 'other';
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}
