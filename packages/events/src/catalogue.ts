import type { z } from 'zod';
import { type AgencyKind, agencyKinds } from './agency';
import * as court from './types/court';
import * as custody from './types/custody';
import { custodyReleasedV1 } from './types/custody-released';
import { feedHeartbeatV1, feedRetractionV1 } from './types/feed';
import * as parole from './types/parole';
import * as order from './types/protective-order';
import * as restorative from './types/restorative';
import * as supervision from './types/supervision';

/** Drives channel escalation and quiet hours downstream. */
export type Urgency = 'urgent' | 'high' | 'normal' | 'info';

interface Definition {
  urgency: Urgency;
  publishedBy: readonly AgencyKind[];
  /**
   * Whether registrants are told. Not for feed heartbeats, and not for apology letters, which wait
   * in the letter bank until the victim asks for them.
   */
  notifies: boolean;
  /** Schemas by version; the highest is what the SDK builds. */
  versions: { 1: z.ZodType } & Record<number, z.ZodType>;
}

const custodians = ['police', 'jail', 'prison'] as const;
const courts = ['court', 'prosecutor'] as const;

/**
 * The event catalogue. Adding a type is one entry here and a schema under types/; adding a version
 * is one more key in `versions`.
 */
export const catalogue = {
  'custody.booked': {
    urgency: 'normal',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custody.custodyBookedV1 },
  },
  'custody.released': {
    urgency: 'high',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custodyReleasedV1 },
  },
  'custody.transferred': {
    urgency: 'high',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custody.custodyTransferredV1 },
  },
  'custody.escaped': {
    urgency: 'urgent',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custody.custodyEscapedV1 },
  },
  'custody.recaptured': {
    urgency: 'high',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custody.custodyRecapturedV1 },
  },
  'custody.deceased': {
    urgency: 'high',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custody.custodyDeceasedV1 },
  },
  'custody.release_scheduled': {
    urgency: 'normal',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custody.custodyReleaseScheduledV1 },
  },
  'custody.temporary_release': {
    urgency: 'high',
    publishedBy: custodians,
    notifies: true,
    versions: { 1: custody.custodyTemporaryReleaseV1 },
  },
  'court.hearing_scheduled': {
    urgency: 'normal',
    publishedBy: courts,
    notifies: true,
    versions: { 1: court.hearingScheduledV1 },
  },
  'court.hearing_rescheduled': {
    urgency: 'normal',
    publishedBy: courts,
    notifies: true,
    versions: { 1: court.hearingRescheduledV1 },
  },
  'court.hearing_cancelled': {
    urgency: 'normal',
    publishedBy: courts,
    notifies: true,
    versions: { 1: court.hearingCancelledV1 },
  },
  'court.hearing_outcome': {
    urgency: 'normal',
    publishedBy: courts,
    notifies: true,
    versions: { 1: court.hearingOutcomeV1 },
  },
  'court.sentence_imposed': {
    urgency: 'normal',
    publishedBy: courts,
    notifies: true,
    versions: { 1: court.sentenceImposedV1 },
  },
  'court.case_dismissed': {
    urgency: 'high',
    publishedBy: courts,
    notifies: true,
    versions: { 1: court.caseDismissedV1 },
  },
  'protective_order.issued': {
    urgency: 'high',
    publishedBy: ['court', 'police'],
    notifies: true,
    versions: { 1: order.protectiveOrderIssuedV1 },
  },
  'protective_order.served': {
    urgency: 'high',
    publishedBy: ['court', 'police'],
    notifies: true,
    versions: { 1: order.protectiveOrderServedV1 },
  },
  'protective_order.modified': {
    urgency: 'normal',
    publishedBy: ['court', 'police'],
    notifies: true,
    versions: { 1: order.protectiveOrderModifiedV1 },
  },
  'protective_order.expired': {
    urgency: 'high',
    publishedBy: ['court', 'police'],
    notifies: true,
    versions: { 1: order.protectiveOrderExpiredV1 },
  },
  'parole.review_scheduled': {
    urgency: 'normal',
    publishedBy: ['parole_board'],
    notifies: true,
    versions: { 1: parole.paroleReviewScheduledV1 },
  },
  'parole.decision': {
    urgency: 'high',
    publishedBy: ['parole_board'],
    notifies: true,
    versions: { 1: parole.paroleDecisionV1 },
  },
  'supervision.started': {
    urgency: 'normal',
    publishedBy: ['probation'],
    notifies: true,
    versions: { 1: supervision.supervisionStartedV1 },
  },
  'supervision.violation': {
    urgency: 'normal',
    publishedBy: ['probation'],
    notifies: true,
    versions: { 1: supervision.supervisionViolationV1 },
  },
  'supervision.absconded': {
    urgency: 'urgent',
    publishedBy: ['probation'],
    notifies: true,
    versions: { 1: supervision.supervisionAbscondedV1 },
  },
  'supervision.ended': {
    urgency: 'normal',
    publishedBy: ['probation'],
    notifies: true,
    versions: { 1: supervision.supervisionEndedV1 },
  },
  'restorative.apology_letter_received': {
    urgency: 'info',
    publishedBy: ['prison', 'probation'],
    notifies: false,
    versions: { 1: restorative.apologyLetterReceivedV1 },
  },
  'restorative.dialogue_request_answered': {
    urgency: 'normal',
    publishedBy: ['prison', 'probation'],
    // Only the victim who asked may hear of it; until a request names its requester, nobody is
    // told (told to every registrant, it would say that someone else asked).
    notifies: false,
    versions: { 1: restorative.dialogueRequestAnsweredV1 },
  },
  'feed.heartbeat': {
    urgency: 'info',
    publishedBy: agencyKinds,
    notifies: false,
    versions: { 1: feedHeartbeatV1 },
  },
  'feed.retraction': {
    urgency: 'high',
    publishedBy: agencyKinds,
    notifies: true,
    versions: { 1: feedRetractionV1 },
  },
} as const satisfies Record<string, Definition>;

export type CaseEventType = keyof typeof catalogue;
/** What a publisher passes as `data` for a type (defaults may be left out). */
export type EventData<T extends CaseEventType> = z.input<(typeof catalogue)[T]['versions'][1]>;

export interface CatalogueEntry {
  type: CaseEventType;
  family: string;
  version: number;
  urgency: Urgency;
  publishedBy: readonly AgencyKind[];
  notifies: boolean;
  data: z.ZodType;
}

export function catalogueEntry(type: string, version: number): CatalogueEntry | undefined {
  if (!isCatalogueType(type)) return undefined;
  const definition: Definition = catalogue[type];
  const data = definition.versions[version];
  if (!data) return undefined;
  const { versions: _versions, ...rest } = definition;
  return { type, family: type.split('.')[0]!, version, data, ...rest };
}

export function isCatalogueType(type: string): type is CaseEventType {
  return Object.hasOwn(catalogue, type);
}

export const catalogueTypes = (): CaseEventType[] => Object.keys(catalogue) as CaseEventType[];

export function latestVersion(type: CaseEventType): number {
  return Math.max(...Object.keys(catalogue[type].versions).map(Number));
}

/**
 * What an event is about, for the order rule: among one agency's events on one reference, the
 * latest event time about the same thing is the truth. A hearing, a parole review and a protective
 * order are each their own thing (a new plea hearing is not old news because the trial moved
 * later); custody and the rest are one story per family.
 */
export function orderingKey(type: string, data: Record<string, unknown>): string {
  const family = type.split('.')[0]!;
  const id = (name: string) => (typeof data[name] === 'string' ? `${family}:${data[name]}` : family);
  if (type.startsWith('court.hearing_')) return id('hearingId');
  if (family === 'parole') return id('reviewId');
  if (family === 'protective_order') return id('orderId');
  return family;
}
