import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface AgencyTable {
  id: string;
  name: string;
  kind: string;
  jurisdiction: Generated<string>;
  /** The agency's own point of contact (an office, not a victim). */
  contact: Generated<string>;
  status: Generated<'active' | 'suspended'>;
  /** Public NKey of the agency's NATS user, where the hub runs its own NATS users. */
  nats_user: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  /** How often the feed is expected to speak (events, heartbeats or snapshots); null: no expectation. */
  heartbeat_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  feed_health: Generated<'unknown' | 'healthy' | 'unhealthy'>;
  feed_health_since: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AgencyKeyTable {
  agency_id: string;
  kid: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Holds personal data: read only where a notification is composed. */
export interface RegistrantTable {
  id: Generated<string>;
  /** Sealed. */
  display_name: string;
  language: string;
  time_zone: Generated<string>;
  /** "HH:MM" in the registrant's time zone; urgent news ignores them. */
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  /** An address-confidentiality programme participant: only the substitute address is ever shown. */
  address_confidential: Generated<boolean>;
  created_at: CreatedAt;
}

/** Personal data: an address on one channel. Nothing but its verification code goes to it unverified. */
export interface ContactPointTable {
  id: Generated<string>;
  registrant_id: string;
  channel: string;
  /** Sealed. */
  address: string;
  /** Blind index of the address (HMAC), for lookups by value. */
  address_index: string | null;
  verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  code_hash: string | null;
  code_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  failed_attempts: Generated<number>;
  /** Webhooks only, sealed: signs what is sent to the endpoint (Standard Webhooks `whsec_…`). */
  secret: string | null;
  consecutive_failures: Generated<number>;
  /** SMS and voice: wrong confirmation PINs in a row; past a few, PINs are ignored until a new notice. */
  wrong_pins: Generated<number>;
  /** Voice only: scrypt hash of the PIN the registrant chose, keyed in to stop an urgent call repeating. */
  pin_hash: string | null;
  /** Set when a webhook endpoint failed too often; nothing more is sent until it is registered again. */
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Texts: the registrant replied STOP (and not START since); disabled_at is set with it. */
  opted_out_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

export interface RegistrationTable {
  id: Generated<string>;
  registrant_id: string;
  /** The agency whose reference this is; null only on rows older than agencies' references. */
  agency_id: ColumnType<string | null, string | null | undefined, string | null>;
  subject_ref: string;
  /** Where notices go, most preferred first: an urgent one goes to every verified one of them. */
  channels: ColumnType<string[], string[], string[]>;
  status: Generated<'active' | 'paused' | 'ended'>;
  /** Event families the registrant chose; empty means all. */
  families: ColumnType<string[], string[] | undefined, string[]>;
  advocate_id: ColumnType<string | null, string | null | undefined, string | null>;
  repeat_every_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  repeat_for_hours: ColumnType<number | null, number | null | undefined, number | null>;
  registered_by: Generated<'registrant' | 'advocate'>;
  /** 'brief': notices say only that there is an update, to read signed in (a shared phone). */
  detail: Generated<'full' | 'brief'>;
  /** On an advocate's registration: when and how the victim agreed to it. */
  agreement_obtained_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  agreement_method: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface CaseEventTable {
  id: Generated<string>;
  agency_id: string;
  event_id: string;
  type: string;
  data_version: number;
  subject_ref: string;
  occurred_at: Timestamp;
  data: ColumnType<Record<string, unknown>, string, string>;
  received_at: CreatedAt;
  workflow_id: string;
  workflow_started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The catalogue family (custody, court, …). */
  family: Generated<string>;
  /** What the event is about (a hearing, review, order; else the family): the order rule applies within one. */
  ordering_key: string;
  superseded_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'published' by the agency, or derived from a 'snapshot' it handed over. */
  origin: Generated<'published' | 'snapshot'>;
  urgency: Generated<string>;
  /** A burst hold keeping it from victims until a coordinator decides. */
  hold_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The retraction that withdrew it. */
  retracted_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeliveryTable {
  id: Generated<string>;
  case_event_id: string;
  registration_id: string;
  channel: string;
  status: 'sending' | 'sent';
  /** 1 for the first notice; urgent news unconfirmed is sent again in rounds 2, 3, … */
  round: Generated<number>;
  /** 'event', or which reminder: `reminder-168h` is the one a week before a hearing. */
  notice: Generated<string>;
  attempts: Generated<number>;
  /** Email: our Message-ID; SMS: the provider's message id. */
  message_id: string | null;
  /** The provider's last word on it (SMS receipts: sent, delivered, undelivered, failed). */
  provider_status: string | null;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Sealed: the notice's words as sent to the registrant, for the portal; null before 0023. */
  subject_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  text_sealed: ColumnType<string | null, string | null | undefined, string | null>;
}

/** What went back to an agency; never the payload, which may hold anything. */
export interface EventRejectionTable {
  id: Generated<string>;
  agency_id: string;
  event_id: string | null;
  code: string;
  message: string;
  field: string | null;
  received_at: CreatedAt;
}

/** Personal data: an advocate's name and work address. */
export interface AdvocateTable {
  id: Generated<string>;
  /** Sealed, as is the email. */
  display_name: string;
  email: string;
  email_index: string | null;
  organisation: string;
  created_at: CreatedAt;
}

export interface NotificationConfirmationTable {
  case_event_id: string;
  registration_id: string;
  confirmed_by: 'link' | 'pin' | 'coordinator' | 'portal';
  confirmed_at: CreatedAt;
}

export interface ConfirmationLinkTable {
  token_hash: string;
  case_event_id: string;
  registration_id: string;
  workflow_id: string;
  expires_at: Timestamp;
}

export interface HubKeyTable {
  kid: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  /** The private JWK, sealed under a data key: the database alone cannot sign. */
  private_jwk_sealed: string;
  created_at: CreatedAt;
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type ConsentRegime = 'community_advocate' | 'systems_advocate' | 'law_enforcement';

export interface ConsentGrantTable {
  id: Generated<string>;
  registrant_id: string;
  recipient_agency_id: string;
  purpose: string;
  fields: ColumnType<string[], string[], string[]>;
  denied_fields: ColumnType<string[], string[] | undefined, string[]>;
  case_ref: string;
  starts_at: Timestamp;
  expires_at: Timestamp;
  regime: ConsentRegime;
  /** SHA-256 (hex) of the notice the victim was shown when agreeing. */
  notice_hash: string;
  granted_by: 'registrant' | 'advocate';
  created_at: CreatedAt;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expiry_reminded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A case event weighed against one consent on its case: forwarded to that agency's feed, or refused. */
export interface CaseEventForwardTable {
  case_event_id: string;
  consent_id: string;
  agency_id: string;
  outcome: 'allowed' | 'refused';
  decided_at: CreatedAt;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A victim's impact statement for one parole review (its workflow), sealed. */
export interface ImpactStatementTable {
  id: Generated<string>;
  registration_id: string;
  review_workflow_id: string;
  statement_sealed: string;
  submitted_at: CreatedAt;
  accepted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A notice kept in a registrant's portal inbox, sealed. */
export interface InboxMessageTable {
  id: Generated<string>;
  delivery_id: string;
  contact_point_id: string;
  subject_sealed: string;
  body_sealed: string;
  created_at: CreatedAt;
  read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface StatementLinkTable {
  token_hash: string;
  registration_id: string;
  review_workflow_id: string;
  expires_at: Timestamp;
}

export interface ClientAssertionTable {
  agency_id: string;
  jti: string;
  expires_at: Timestamp;
}

/** Personal data, sealed: one of a registrant's details, with the regime of whoever holds it. */
export interface RegistrantDetailTable {
  registrant_id: string;
  field: string;
  value_sealed: string;
  held_by: ConsentRegime | 'hub';
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Append-only and hash-chained; identifiers only. */
/** Who an agency's subject reference is: sealed, found by blind indexes only. */
export interface SubjectIdentityTable {
  agency_id: string;
  subject_ref: string;
  /** Sealed JSON: { given, family } as the agency holds them. */
  name_sealed: string;
  birth_date_sealed: string;
  /** Blind index of normalised family name, given name and date of birth. */
  full_index: string;
  /** Blind index of normalised family name and date of birth: a given name spelt otherwise. */
  family_index: string;
  updated_at: Generated<Date>;
}

export interface SnapshotMappingTable {
  agency_id: string;
  feed: string;
  mapping: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Generated<Date>;
}

export interface SnapshotImportTable {
  id: Generated<string>;
  agency_id: string;
  feed: string;
  status: Generated<'running' | 'done' | 'failed'>;
  baseline: Generated<boolean>;
  rows_read: Generated<number>;
  rows_rejected: Generated<number>;
  events_emitted: Generated<number>;
  failure: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export interface SnapshotRejectionTable {
  import_id: string;
  line: number;
  reason: string;
}

export interface SnapshotItemTable {
  agency_id: string;
  feed: string;
  item_key: string;
  subject_ref: string;
  fields: ColumnType<Record<string, unknown>, string, string>;
  digest: string;
}

export interface SnapshotStagingTable {
  import_id: string;
  item_key: string;
  line: number;
  subject_ref: string;
  fields: ColumnType<Record<string, unknown>, string, string>;
  digest: string;
  kept: Generated<boolean>;
}

export interface BurstHoldTable {
  id: Generated<string>;
  agency_id: string;
  status: Generated<'held' | 'released' | 'discarded'>;
  reason: string;
  opened_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
}

/** Urgent and high events let through, per agency and minute: what a burst is measured against. */
export interface BurstCountTable {
  agency_id: string;
  minute: Date;
  admitted: Generated<number>;
}

/** Agency-scoped references grouped into people: one person across agencies. */
export interface SubjectPersonTable {
  agency_id: string;
  subject_ref: string;
  person_id: string;
  linked_by: string;
  linked_at: Generated<Date>;
}

/** A possible match on name and date of birth, below the confidence that links it by itself. */
export interface SubjectMatchTable {
  id: Generated<string>;
  agency_id: string;
  subject_ref: string;
  other_agency_id: string;
  other_subject_ref: string;
  basis: string;
  confidence: number;
  status: Generated<'pending' | 'linked' | 'rejected'>;
  found_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
}

export interface AuditRecordTable {
  seq: ColumnType<string, never, never>;
  recorded_at: ColumnType<Date, Date, never>;
  actor: string;
  action: string;
  consent_id: string | null;
  token_id: string | null;
  fields: ColumnType<string[], string[], never>;
  outcome: 'allowed' | 'refused' | 'recorded';
  reason: string;
  prev_hash: string;
  hash: string;
}

/** Notices of one event held back for safety, for everyone (null) or named registrations. */
export interface SafetyHoldTable {
  id: Generated<string>;
  agency_id: string;
  /** The agency's own event id: a hold may be placed before the event arrives. */
  event_id: string;
  registration_ids: ColumnType<string[] | null, string[] | null, string[] | null>;
  reason: string;
  placed_by: string;
  placed_at: CreatedAt;
  ends_at: Timestamp;
  released_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  released_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A victim's request for a dialogue through a restorative programme; state mirrored from its workflow. */
export interface DialogueRequestTable {
  id: Generated<string>;
  registration_id: string;
  programme_agency_id: string;
  consent_id: string;
  state: Generated<string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A letter in the apology-letter bank, sealed; deposited by a prison or community corrections. */
export interface ApologyLetterTable {
  id: Generated<string>;
  agency_id: string;
  subject_ref: string;
  /** Sealed: the words, or a scan's bytes in base64 when `scan_type` is set. */
  text_sealed: string;
  scan_type: ColumnType<string | null, string | null | undefined, string | null>;
  received_at: CreatedAt;
}

/** A registration's asking for a letter: released, waiting for an advocate's screening, or withheld. */
export interface LetterReleaseTable {
  letter_id: string;
  registration_id: string;
  state: string;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  withheld_reason: string | null;
}

/** A referral to an advocate or programme, under a consent to it; acknowledged by it. */
export interface ReferralTable {
  id: Generated<string>;
  registration_id: string;
  agency_id: string;
  consent_id: string;
  help: string;
  state: Generated<string>;
  sent_at: CreatedAt;
  acknowledged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A flag on one agency's reference (intimate-partner violence), who set it and when. */
export interface CaseFlagTable {
  agency_id: string;
  subject_ref: string;
  flag: string;
  set_by: string;
  set_at: CreatedAt;
}

export interface NiemProfileTable {
  agency_id: string;
  profile: ColumnType<Record<string, unknown>, string, string>;
  updated_by: string;
  updated_at: Generated<Date>;
}

/** A passkey sign-in's challenge, waiting for the authenticator's answer; spent once. */
export interface PasskeySignInChallengeTable {
  challenge: string;
  expires_at: Timestamp;
}

/** A signed-in person; the token itself is never stored. */
export interface CallerSessionTable {
  id: Generated<string>;
  token_hash: string;
  kind: 'staff' | 'registrant';
  subject: string;
  staff_name: string | null;
  /** Advocates: the blind index of their verified work email. */
  staff_email_index: string | null;
  roles: ColumnType<string[], string[] | undefined, never>;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  idle_seconds: number;
  expires_at: ColumnType<Date, Date | string, never>;
  ended_at: ColumnType<Date | null, never, Date | string | null>;
  webauthn_challenge: ColumnType<string | null, never, string | null>;
  passkey_verified_at: ColumnType<Date | null, never, Date | string | null>;
}

/** A registrant's passkey: the credential id and public key (nothing secret). */
export interface RegistrantPasskeyTable {
  id: string;
  registrant_id: string;
  public_key: Buffer;
  counter: ColumnType<string, number, number>;
  transports: string[];
  created_at: CreatedAt;
  last_used_at: ColumnType<Date | null, never, Date | string | null>;
}

export interface Database {
  caller_session: CallerSessionTable;
  registrant_passkey: RegistrantPasskeyTable;
  hub_key: HubKeyTable;
  consent_grant: ConsentGrantTable;
  case_event_forward: CaseEventForwardTable;
  impact_statement: ImpactStatementTable;
  statement_link: StatementLinkTable;
  inbox_message: InboxMessageTable;
  client_assertion: ClientAssertionTable;
  registrant_detail: RegistrantDetailTable;
  audit_record: AuditRecordTable;
  passkey_sign_in_challenge: PasskeySignInChallengeTable;
  safety_hold: SafetyHoldTable;
  dialogue_request: DialogueRequestTable;
  apology_letter: ApologyLetterTable;
  letter_release: LetterReleaseTable;
  referral: ReferralTable;
  case_flag: CaseFlagTable;
  niem_profile: NiemProfileTable;
  subject_identity: SubjectIdentityTable;
  snapshot_mapping: SnapshotMappingTable;
  snapshot_import: SnapshotImportTable;
  snapshot_rejection: SnapshotRejectionTable;
  snapshot_item: SnapshotItemTable;
  snapshot_staging: SnapshotStagingTable;
  burst_hold: BurstHoldTable;
  burst_count: BurstCountTable;
  subject_person: SubjectPersonTable;
  subject_match: SubjectMatchTable;
  advocate: AdvocateTable;
  notification_confirmation: NotificationConfirmationTable;
  confirmation_link: ConfirmationLinkTable;
  agency: AgencyTable;
  agency_key: AgencyKeyTable;
  registrant: RegistrantTable;
  contact_point: ContactPointTable;
  registration: RegistrationTable;
  case_event: CaseEventTable;
  delivery: DeliveryTable;
  event_rejection: EventRejectionTable;
}

export type Agency = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type AgencyKey = Selectable<AgencyKeyTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type SnapshotImport = Selectable<SnapshotImportTable>;
export type BurstHold = Selectable<BurstHoldTable>;
export type Delivery = Selectable<DeliveryTable>;
export type EventRejection = Selectable<EventRejectionTable>;
export type HubKey = Selectable<HubKeyTable>;
export type ConsentGrant = Selectable<ConsentGrantTable>;
export type AuditRecord = Selectable<AuditRecordTable>;
