import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What callers (ingest, API, tests) need to start and find workflows, without importing workflow
 * code. Everything here travels through Temporal, so it carries identifiers only.
 */

/** Custom search attributes; infra registers them with the dev server under these names. */
export const searchAttributes = {
  subjectRef: defineSearchAttributeKey('SubjectRef', SearchAttributeType.KEYWORD),
  agencyId: defineSearchAttributeKey('AgencyId', SearchAttributeType.KEYWORD),
  eventType: defineSearchAttributeKey('EventType', SearchAttributeType.KEYWORD),
  registrationId: defineSearchAttributeKey('RegistrationId', SearchAttributeType.KEYWORD),
} as const;

export const allSearchAttributes = Object.values(searchAttributes);

export type Urgency = 'urgent' | 'high' | 'normal' | 'info';

export interface CaseEventInput {
  /** The hub's own id of the stored event (case_event.id). */
  caseEventId: string;
  agencyId: string;
  eventId: string;
  type: string;
  subjectRef: string;
  urgency: Urgency;
  /** False for feed heartbeats and letter-bank deposits: stored, never pushed to anyone. */
  notifies: boolean;
  /** Set when a later event (by event time) about the same subject and family was already stored. */
  supersededBy?: string;
}

export interface CaseEventResult {
  notified: number;
  /** Why nobody was notified, when that was decided rather than found. */
  skipped?: 'not-notifiable' | 'superseded';
}

export interface NotificationInput {
  caseEventId: string;
  registrationId: string;
  channel: 'email';
  agencyId: string;
  eventType: string;
  subjectRef: string;
}

export type DeliveryOutcome =
  | {
      deliveryId: string;
      status: 'sent';
      /** True when an earlier attempt had already sent it and this one did nothing. */
      alreadySent: boolean;
    }
  /** Nothing sent, by rule: the registration is paused or ended, or its contact point is unverified. */
  | { status: 'skipped'; reason: 'paused' | 'ended' | 'unverified' };

/** The activities workflows may call; implemented in @switchboard/activities. */
export interface NotificationActivities {
  findRegistrationsForSubject(input: { subjectRef: string; family: string }): Promise<string[]>;
  /** Sends a new code to a contact point; the code itself never leaves the activity. */
  sendVerificationCode(input: { contactPointId: string }): Promise<{ expiresAt: string }>;
  deliverEmailNotification(input: { caseEventId: string; registrationId: string }): Promise<DeliveryOutcome>;
}

export const workflowTypes = {
  caseEvent: 'caseEventWorkflow',
  notifyRegistration: 'notifyRegistrationWorkflow',
  verifyContactPoint: 'verifyContactPointWorkflow',
} as const;

export const verificationWorkflowId = (contactPointId: string, issuedAt: number) =>
  `verify-contact:${contactPointId}:${issuedAt}`;

/** Derived from the agency and its event id, so a repeated publish maps to the same workflow. */
export const caseEventWorkflowId = (agencyId: string, eventId: string): string =>
  `case-event:${agencyId}:${eventId}`;

export const notificationWorkflowId = (
  input: Pick<NotificationInput, 'agencyId' | 'caseEventId' | 'registrationId' | 'channel'>,
) => `notify:${input.agencyId}:${input.caseEventId}:${input.registrationId}:${input.channel}`;

/** The line a coordinator reads in Temporal UI. Identifiers only. */
export const caseEventSummary = (input: CaseEventInput): string =>
  `${input.type} (${input.urgency}) from ${input.agencyId} about subject ${input.subjectRef}, event ${input.eventId}` +
  (input.supersededBy ? ' [superseded by a later event; not notified]' : '');

export const notificationSummary = (input: NotificationInput): string =>
  `${input.channel} notice of ${input.eventType} about subject ${input.subjectRef} for registration ${input.registrationId}`;
