import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

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
  urgency: defineSearchAttributeKey('Urgency', SearchAttributeType.KEYWORD),
  /** Where a notification stands (see `DeliveryState`); what coordinators filter on. */
  deliveryState: defineSearchAttributeKey('DeliveryState', SearchAttributeType.KEYWORD),
  /** An agency's feed: healthy, or unhealthy when it has gone quiet past its expected cadence. */
  feedHealth: defineSearchAttributeKey('FeedHealth', SearchAttributeType.KEYWORD),
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
  /** Court hearing events: which hearing, and when it is (now) scheduled for. Court data, no one's personal data. */
  hearing?: { hearingId: string; occurredAt: string; scheduledFor?: string; outcome?: string };
  /** Parole review events: which review, its date and the deadline for victims' statements. */
  paroleReview?: Omit<ParoleReviewChange, 'caseEventId' | 'eventType'> & { reviewId: string };
  /** A retraction: a correction goes to everyone who was told of the withdrawn event, and to no one else. */
  correction?: { retractedCaseEventId: string };
  /** Set by continue-as-new: where the fan-out resumes, and how many were notified before. */
  fanOut?: { after: string; notified: number; sent: number; held: number };
}

export interface CaseEventResult {
  /** Registrations addressed: sent now, held for quiet hours, or (urgent news) handed to their own workflow. */
  notified: number;
  sent?: number;
  held?: number;
  /** Why nobody was notified, when that was decided rather than found. */
  skipped?: 'not-notifiable' | 'superseded';
}

export interface NotificationInput {
  caseEventId: string;
  registrationId: string;
  agencyId: string;
  eventType: string;
  subjectRef: string;
  urgency: Urgency;
  /** A reminder before a hearing (this long before it), rather than the news of the event itself. */
  reminderBeforeMs?: number;
}

export type Channel = 'email' | 'sms' | 'voice' | 'webhook' | 'portal';

/**
 * Where one registrant's notification stands. Urgent news goes sending → awaiting-confirmation
 * (repeated on the registrant's schedule) → confirmed, or escalated to their advocate and the
 * coordinators when nobody confirms; a coordinator may stop it at any point.
 */
export type DeliveryState =
  | 'planning'
  | 'held-quiet-hours'
  | 'held-for-safety'
  | 'sending'
  | 'delivered'
  | 'awaiting-confirmation'
  | 'escalated'
  | 'confirmed'
  | 'stopped'
  | 'skipped';

/** How urgent news was confirmed: the notice's link, a phone PIN, a coordinator, or the registrant signed in to the portal. */
export type ConfirmedBy = 'link' | 'pin' | 'coordinator' | 'portal';

export interface NotificationStatus {
  state: DeliveryState;
  /** How many times the notice went out (urgent news is repeated until confirmed). */
  rounds: number;
  confirmedBy?: ConfirmedBy;
  /** Set while held for quiet hours: when it will be sent. */
  holdUntil?: string;
  /** Set while a safety hold keeps it back: when the hold lapses unless renewed. */
  heldForSafetyUntil?: string;
}

/** Why nothing is sent, by rule. */
/** `disabled`: a webhook endpoint that kept failing, until its owner registers it again. */
/** `retracted`: the agency withdrew the event before this notice went out. */
export type SkipReason = 'paused' | 'ended' | 'unverified' | 'disabled' | 'retracted';

export type NotificationPlan =
  | { skip: SkipReason }
  | {
      channels: Channel[];
      /** Per send attempt; a worker that dies mid-send is noticed after this long. */
      deliveryTimeoutMs?: number;
      /** Quiet hours: not before this instant (never set for urgent news). */
      holdUntil?: string;
      /** Urgent news: ask for confirmation and repeat until it comes. */
      confirmation?: { repeatEveryMs: number; repeatForMs: number };
    };

export type DeliveryOutcome =
  | {
      deliveryId: string;
      status: 'sent';
      /** True when an earlier attempt had already sent it and this one did nothing. */
      alreadySent: boolean;
    }
  /** Nothing sent, by rule: the registration is paused or ended, or its contact point is unverified. */
  | { status: 'skipped'; reason: SkipReason };

/** The activities workflows may call; implemented in @switchboard/activities. */
export interface NotificationActivities {
  /** One page of registrations; `next` is the cursor for the following page, absent on the last. */
  findRegistrationsForSubject(input: {
    /** The publishing agency: its reference may be linked to other agencies' references of the same person. */
    agencyId: string;
    subjectRef: string;
    family: string;
    after?: string;
  }): Promise<{ registrationIds: string[]; next?: string }>;
  /** One page of the registrations that were sent (or may have been sent) notice of an event. */
  findRegistrationsTold(input: {
    caseEventId: string;
    after?: string;
  }): Promise<{ registrationIds: string[]; next?: string }>;
  /** Stops every registrant's notification workflow about a retracted event (repeats, quiet-hours waits). */
  stopNotificationsAbout(input: { caseEventId: string; agencyId: string }): Promise<{ stopped: number }>;
  /** Sends a new code to a contact point; the code itself never leaves the activity. */
  sendVerificationCode(input: { contactPointId: string }): Promise<{ expiresAt: string }>;
  /** Channels, quiet hours and the confirmation schedule for one registrant and one event. */
  planNotification(input: { registrationId: string; urgency: Urgency }): Promise<NotificationPlan>;
  /**
   * Whether a safety hold keeps this registration's notices of the event back now: until when, and
   * when to look again (a release or renewal is seen then). Undefined: nothing holds them.
   */
  safetyHoldOf(input: {
    caseEventId: string;
    registrationId: string;
  }): Promise<{ until: string; lookAgainAt: string } | undefined>;
  /** Idempotent per (event, registration, channel, round). */
  deliverNotice(input: {
    caseEventId: string;
    registrationId: string;
    channel: Channel;
    round: number;
    /** Urgent news: the notice carries a confirmation link for this workflow. */
    confirmWorkflowId?: string;
    /** A reminder this long before the hearing the event scheduled. */
    reminderBeforeMs?: number;
  }): Promise<DeliveryOutcome>;
  /** Tells the registrant's advocate (if any) and the coordinators' desk that nobody confirmed. */
  escalateUnconfirmed(input: {
    caseEventId: string;
    registrationId: string;
    rounds: number;
  }): Promise<{ advocate: boolean; coordinators: boolean }>;
  recordConfirmation(input: { caseEventId: string; registrationId: string; by: ConfirmedBy }): Promise<void>;
  /** Hands a hearing event to the hearing's own workflow, starting it if need be (signal-with-start). */
  followHearing(input: HearingInput & { change: HearingChange }): Promise<void>;
  /** How long before a hearing its reminders go out (default 7 days and 1 day). */
  hearingReminderOffsets(): Promise<number[]>;
  /** Hands a parole review event to the review's own workflow, starting it if need be. */
  followParoleReview(input: ParoleReviewInput & { change: ParoleReviewChange }): Promise<void>;
  /** How long before the statement window closes the registrants who have not written are reminded. */
  statementReminderOffset(): Promise<number>;
  /** Marks a stored (sealed) statement accepted for its review; idempotent. */
  acceptImpactStatement(input: { statementId: string; reviewWorkflowId: string }): Promise<void>;
}

/**
 * A case event's fan-out, one page per call: the first call also forwards the event to every agency
 * a consent in force on its case names (each decision recorded and audited once, feeds dedupe);
 * ordinary news is sent to the page at once, idempotent per registrant, and those in their quiet
 * hours are returned to be held by a notification workflow of their own. One local activity per page,
 * because each costs the worker a marker, a payload to seal and a slot: it is what lets a small
 * machine keep up with a steady stream of events.
 */
export interface CaseEventActivities {
  fanOutPage(input: {
    caseEventId: string;
    agencyId: string;
    subjectRef: string;
    family: string;
    urgency: Urgency;
    after?: string;
    /** The first page: forward to other agencies' feeds too. */
    forward: boolean;
    /** A retraction: the page is of those told of this (withdrawn) event, not of the subject's registrants. */
    correctionOf?: string;
  }): Promise<{
    /** Registrations on this page. */
    addressed: number;
    sent: number;
    alreadySent: number;
    skipped: number;
    /** To be given a notification workflow of their own: every one for urgent news, else those in quiet hours. */
    own: string[];
    next?: string;
  }>;
}

/** One parole review, from scheduling to decision. */
export interface ParoleReviewInput {
  agencyId: string;
  reviewId: string;
  subjectRef: string;
}

export interface ParoleReviewChange {
  caseEventId: string;
  occurredAt: string;
  eventType: 'parole.review_scheduled' | 'parole.decision';
  scheduledFor?: string;
  /** The last moment a statement counts; the review's date when the board gave none. */
  statementDeadline?: string;
  decision?: string;
}

export interface ParoleReviewStatus {
  /** open: statements accepted; closed: the deadline passed; decided: the board decided; lapsed: no decision came. */
  state: 'waiting' | 'open' | 'closed' | 'decided' | 'lapsed';
  scheduledFor?: string;
  statementDeadline?: string;
  /** The event that scheduled the review; notices and reminders quote it. */
  caseEventId?: string;
  /** Registrations whose statement was accepted (identifiers only; the statements are in PostgreSQL). */
  statementsFrom: string[];
  remindersSent: number;
  decision?: string;
}

export const paroleReviewChangedSignal = defineSignal<[ParoleReviewChange]>('paroleReviewChanged');
export const paroleReviewStatusQuery = defineQuery<ParoleReviewStatus>('paroleReviewStatus');
/**
 * A registrant's impact statement, already stored sealed: refused by the validator once the window
 * has closed, so a late statement is never marked accepted.
 */
export const submitImpactStatementUpdate = defineUpdate<
  { acceptedAt: string; deadline: string },
  [{ registrationId: string; statementId: string }]
>('submitImpactStatement');
export const paroleReviewWorkflowId = (agencyId: string, reviewId: string) =>
  `parole-review:${agencyId}:${reviewId}`;

/** One hearing, followed from scheduling to outcome. */
export interface HearingInput {
  agencyId: string;
  hearingId: string;
  subjectRef: string;
}

export interface HearingChange {
  caseEventId: string;
  /** The event's time: changes apply in this order, whatever order they arrive in. */
  occurredAt: string;
  eventType:
    | 'court.hearing_scheduled'
    | 'court.hearing_rescheduled'
    | 'court.hearing_cancelled'
    | 'court.hearing_outcome';
  scheduledFor?: string;
  /** court.hearing_outcome: `continued` keeps the hearing open for its new date. */
  outcome?: string;
}

export interface HearingStatus {
  state: 'waiting' | 'scheduled' | 'cancelled' | 'concluded' | 'passed';
  scheduledFor?: string;
  /** The event that set the current date; reminders quote it. */
  caseEventId?: string;
  remindersSent: { beforeMs: number; scheduledFor: string }[];
}

export const hearingChangedSignal = defineSignal<[HearingChange]>('hearingChanged');
export const hearingStatusQuery = defineQuery<HearingStatus>('hearingStatus');

export const hearingWorkflowId = (agencyId: string, hearingId: string) => `hearing:${agencyId}:${hearingId}`;

/** The confirmation token an SMS PIN reply stands for: a PIN alone is short, so it is scoped to the phone. */
export const confirmationPinToken = (contactPointId: string, pin: string) => `pin:${contactPointId}:${pin}`;
/** A call's confirmation: the registrant keys in their own PIN, checked against its hash, not a token. */
export const voiceConfirmationToken = (deliveryId: string) => `voice:${deliveryId}`;

/** Urgent news: the registrant (link or PIN) or a coordinator (by phone) confirms it was received. */
export const confirmNotificationUpdate = defineUpdate<NotificationStatus, [{ by: ConfirmedBy }]>('confirm');
/** A coordinator ends the notification: no more rounds, no escalation. */
export const stopNotificationSignal = defineSignal<[]>('stop');
/** A coordinator sends the notice again now (also releases one held for quiet hours). */
export const resendNotificationSignal = defineSignal<[]>('resend');
export const notificationStatusQuery = defineQuery<NotificationStatus>('status');

export const workflowTypes = {
  caseEvent: 'caseEventWorkflow',
  notifyRegistration: 'notifyRegistrationWorkflow',
  verifyContactPoint: 'verifyContactPointWorkflow',
  hearing: 'hearingWorkflow',
  consent: 'consentWorkflow',
  paroleReview: 'paroleReviewWorkflow',
  feedHealth: 'feedHealthWorkflow',
} as const;

export const verificationWorkflowId = (contactPointId: string, issuedAt: number) =>
  `verify-contact:${contactPointId}:${issuedAt}`;

/** Derived from the agency and its event id, so a repeated publish maps to the same workflow. */
export const caseEventWorkflowId = (agencyId: string, eventId: string): string =>
  `case-event:${agencyId}:${eventId}`;

export const notificationWorkflowId = (
  input: Pick<NotificationInput, 'agencyId' | 'caseEventId' | 'registrationId' | 'reminderBeforeMs'>,
) =>
  `notify:${input.agencyId}:${input.caseEventId}:${input.registrationId}` +
  (input.reminderBeforeMs === undefined ? '' : `:reminder-${reminderLabel(input.reminderBeforeMs)}`);

/** `168h` for a week: what a reminder is called in workflow ids and delivery rows. */
export const reminderLabel = (beforeMs: number) =>
  beforeMs % 3_600_000 === 0 ? `${beforeMs / 3_600_000}h` : `${Math.round(beforeMs / 1000)}s`;

/** The line a coordinator reads in Temporal UI. Identifiers only. */
export const caseEventSummary = (input: CaseEventInput): string =>
  `${input.type} (${input.urgency}) from ${input.agencyId} about subject ${input.subjectRef}, event ${input.eventId}` +
  (input.supersededBy ? ' [superseded by a later event; not notified]' : '');

export const notificationSummary = (input: NotificationInput): string =>
  `${input.urgency} notice of ${input.eventType} about subject ${input.subjectRef} for registration ${input.registrationId}`;

/** One consent grant, from grant to expiry: identifiers and dates only. */
export interface ConsentInput {
  consentId: string;
  agencyId: string;
  /** ISO time the grant expires. */
  expiresAt: string;
  /** The registrant is reminded this long before expiry. */
  remindBeforeMs: number;
}

export type ConsentOutcome = 'expired' | 'revoked';

/** The activities the consent workflow calls; implemented in @switchboard/activities. */
export interface ConsentActivities {
  /** Emails the registrant that a consent is about to end; once per grant, and not if revoked. */
  remindConsentExpiry(input: { consentId: string }): Promise<{ reminded: boolean }>;
  /** Writes the expiry to the audit trail, once. */
  recordConsentExpiry(input: { consentId: string }): Promise<void>;
}

export const consentRevokedSignal = defineSignal<[]>('consentRevoked');
export const consentWorkflowId = (consentId: string) => `consent:${consentId}`;
export const consentSummary = (input: ConsentInput) =>
  `consent ${input.consentId} to ${input.agencyId}, until ${input.expiresAt}`;

/** One agency's feed, watched for silence past its expected cadence. Identifiers and times only. */
export interface FeedHealthInput {
  agencyId: string;
  /** How often an unhealthy feed is looked at again. */
  recheckMs: number;
}

export interface FeedCheck {
  /** `unwatched`: the agency has no heartbeat expectation (any more); the watch ends. */
  health: 'healthy' | 'unhealthy' | 'unwatched';
  /** When the feed next has to have spoken to stay healthy. */
  dueBy?: string;
  lastHeardAt?: string;
  /** Whether this check changed the health (and alerted coordinators and the agency). */
  changed: boolean;
}

export interface FeedActivities {
  /** Compares the feed's last word with its expectation, records a change once and alerts on it. */
  checkFeedHealth(input: { agencyId: string }): Promise<FeedCheck>;
}

/** The agency's heartbeat expectation changed: look again now. */
export const feedExpectationChangedSignal = defineSignal<[]>('feedExpectationChanged');
export const feedHealthWorkflowId = (agencyId: string) => `feed-health:${agencyId}`;

/**
 * A victim's request for a dialogue with the offender side, through a restorative programme. Only
 * the victim's side starts one; the programme screens it before the offender side is asked; either
 * side may end it at any moment. Identifiers only: no words, names or reasons enter the history.
 */
export type DialogueState =
  | 'screening'
  | 'offender_asked'
  | 'arranging'
  | 'screened_out'
  | 'declined'
  | 'withdrawn_by_victim'
  | 'ended_by_offender_side'
  | 'concluded';

export const openDialogueStates: readonly DialogueState[] = ['screening', 'offender_asked', 'arranging'];

export interface DialogueActivities {
  /** Mirrors the request's state into the database, where the victim and the programme read it. */
  recordDialogueState(input: { requestId: string; state: DialogueState }): Promise<void>;
}

/** The programme's screening: go on and ask the offender side, or not (the victim is told only that it ended). */
export const screenDialogueUpdate = defineUpdate<DialogueState, [{ outcome: 'proceed' | 'screened_out' }]>(
  'screenDialogue',
);
/** What the offender side said, as the programme records it. */
export const offenderAnswerUpdate = defineUpdate<DialogueState, [{ answer: 'agreed' | 'declined' }]>(
  'offenderAnswer',
);
/** Either side ends it, at any moment before it is over; or the programme records it concluded. */
export const endDialogueUpdate = defineUpdate<
  DialogueState,
  [{ by: 'victim' | 'offender_side' | 'programme_concluded' }]
>('endDialogue');
export const dialogueStateQuery = defineQuery<DialogueState>('dialogueState');
export const dialogueRequestWorkflowId = (requestId: string) => `dialogue-request:${requestId}`;
