import { type DataKeyring, open, seal } from '@switchboard/sealing';
import type { Db } from '../connect';

/** The channels a registrant is reached on; advocates' and coordinators' copies are not theirs. */
const registrantChannels = ['email', 'sms', 'voice', 'webhook', 'portal'];

/** Keeps a notice's words, sealed, with its delivery: the registrant reads them in the portal. */
export async function keepNoticeWords(
  db: Db,
  keyring: DataKeyring,
  deliveryId: string,
  notice: { subject: string; text: string },
): Promise<void> {
  await db
    .updateTable('delivery')
    .set({
      subject_sealed: await seal(keyring, notice.subject),
      text_sealed: await seal(keyring, notice.text),
    })
    .where('id', '=', deliveryId)
    .execute();
}

export interface PortalRegistrant {
  registrantId: string;
  displayName: string;
  language: string;
  timeZone: string;
  quietHours: { start: string; end: string } | null;
  registrations: {
    id: string;
    agencyId: string | null;
    agencyName: string | null;
    subjectRef: string;
    status: 'active' | 'paused' | 'ended';
    channels: string[];
    families: string[];
    detail: 'full' | 'brief';
    createdAt: Date;
  }[];
  contactPoints: { id: string; channel: string; address: string; verified: boolean; disabled: boolean }[];
}

/** What the portal's home shows a signed-in registrant about themselves: their own rows only. */
export async function findPortalRegistrant(
  db: Db,
  keyring: DataKeyring,
  registrantId: string,
): Promise<PortalRegistrant | undefined> {
  const registrant = await db
    .selectFrom('registrant')
    .select(['id', 'display_name', 'language', 'time_zone', 'quiet_hours_start', 'quiet_hours_end'])
    .where('id', '=', registrantId)
    .executeTakeFirst();
  if (!registrant) return undefined;
  const [registrations, contacts] = await Promise.all([
    listRegistrationsOf(db, registrantId),
    db
      .selectFrom('contact_point')
      .select(['id', 'channel', 'address', 'verified_at', 'disabled_at'])
      .where('registrant_id', '=', registrantId)
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    registrantId: registrant.id,
    displayName: await open(keyring, registrant.display_name),
    language: registrant.language,
    timeZone: registrant.time_zone,
    quietHours:
      registrant.quiet_hours_start && registrant.quiet_hours_end
        ? { start: registrant.quiet_hours_start, end: registrant.quiet_hours_end }
        : null,
    registrations,
    contactPoints: await Promise.all(
      contacts.map(async (c) => ({
        id: c.id,
        channel: c.channel,
        // The inbox key is a credential: it is never shown again once enrolment handed it over.
        address: c.channel === 'portal' ? '' : await open(keyring, c.address),
        verified: c.verified_at !== null,
        disabled: c.disabled_at !== null,
      })),
    ),
  };
}

/** A registrant's registrations, newest first: nothing sealed is opened to list them. */
export async function listRegistrationsOf(
  db: Db,
  registrantId: string,
): Promise<PortalRegistrant['registrations']> {
  const rows = await db
    .selectFrom('registration')
    .leftJoin('agency', 'agency.id', 'registration.agency_id')
    .select([
      'registration.id',
      'registration.agency_id',
      'agency.name as agency_name',
      'registration.subject_ref',
      'registration.status',
      'registration.channels',
      'registration.families',
      'registration.detail',
      'registration.created_at',
    ])
    .where('registration.registrant_id', '=', registrantId)
    .orderBy('registration.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    subjectRef: r.subject_ref,
    status: r.status,
    channels: r.channels,
    families: r.families,
    detail: r.detail,
    createdAt: r.created_at,
  }));
}

export interface PortalNotice {
  deliveryId: string;
  caseEventId: string;
  registrationId: string;
  agencyId: string;
  subjectRef: string;
  eventType: string;
  urgency: string;
  channel: string;
  round: number;
  notice: string;
  createdAt: Date;
  sentAt: Date | null;
  providerStatus: string | null;
  confirmedAt: Date | null;
  confirmedBy: string | null;
  /** Null for notices sent before their words were kept. */
  subject: string | null;
  text: string | null;
}

/** Every notice sent to the registrant, newest first, with its words opened for them alone. */
export async function listPortalNotices(
  db: Db,
  keyring: DataKeyring,
  registrantId: string,
  limit: number,
): Promise<PortalNotice[]> {
  const rows = await db
    .selectFrom('delivery')
    .innerJoin('registration', 'registration.id', 'delivery.registration_id')
    .innerJoin('case_event', 'case_event.id', 'delivery.case_event_id')
    .leftJoin('notification_confirmation as confirmation', (join) =>
      join
        .onRef('confirmation.case_event_id', '=', 'delivery.case_event_id')
        .onRef('confirmation.registration_id', '=', 'delivery.registration_id'),
    )
    .select([
      'delivery.id',
      'delivery.case_event_id',
      'delivery.registration_id',
      'case_event.agency_id',
      'case_event.subject_ref',
      'case_event.type',
      'case_event.urgency',
      'delivery.channel',
      'delivery.round',
      'delivery.notice',
      'delivery.created_at',
      'delivery.sent_at',
      'delivery.provider_status',
      'delivery.subject_sealed',
      'delivery.text_sealed',
      'confirmation.confirmed_at',
      'confirmation.confirmed_by',
    ])
    .where('registration.registrant_id', '=', registrantId)
    .where('delivery.channel', 'in', registrantChannels)
    .orderBy('delivery.created_at', 'desc')
    .limit(limit)
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      deliveryId: r.id,
      caseEventId: r.case_event_id,
      registrationId: r.registration_id,
      agencyId: r.agency_id,
      subjectRef: r.subject_ref,
      eventType: r.type,
      urgency: r.urgency,
      channel: r.channel,
      round: r.round,
      notice: r.notice,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      providerStatus: r.provider_status,
      confirmedAt: r.confirmed_at,
      confirmedBy: r.confirmed_by,
      subject: r.subject_sealed ? await open(keyring, r.subject_sealed) : null,
      text: r.text_sealed ? await open(keyring, r.text_sealed) : null,
    })),
  );
}

export interface PortalDisclosure {
  at: Date;
  action: 'disclosure.read' | 'disclosure.forward';
  consentId: string;
  agencyId: string;
  agencyName: string;
  purpose: string;
  fields: string[];
}

/**
 * Who saw the registrant's data: each read an agency made under one of their consents, and each
 * case event forwarded to an agency under one, from the audit trail. Refusals disclosed nothing.
 */
export async function listPortalDisclosures(
  db: Db,
  registrantId: string,
  limit: number,
): Promise<PortalDisclosure[]> {
  const rows = await db
    .selectFrom('audit_record')
    .innerJoin('consent_grant', 'consent_grant.id', 'audit_record.consent_id')
    .innerJoin('agency', 'agency.id', 'consent_grant.recipient_agency_id')
    .select([
      'audit_record.recorded_at',
      'audit_record.action',
      'audit_record.consent_id',
      'audit_record.fields',
      'consent_grant.recipient_agency_id',
      'consent_grant.purpose',
      'agency.name',
    ])
    .where('consent_grant.registrant_id', '=', registrantId)
    .where('audit_record.action', 'in', ['disclosure.read', 'disclosure.forward'])
    .where('audit_record.outcome', '=', 'allowed')
    .orderBy('audit_record.seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: r.recorded_at,
    action: r.action as PortalDisclosure['action'],
    consentId: r.consent_id!,
    agencyId: r.recipient_agency_id,
    agencyName: r.name,
    purpose: r.purpose,
    fields: r.fields,
  }));
}

/** The notification workflow to confirm an urgent notice in, if the registration is the registrant's own. */
export async function findConfirmableNotice(
  db: Db,
  registrantId: string,
  caseEventId: string,
  registrationId: string,
): Promise<{ workflowId: string } | undefined> {
  const row = await db
    .selectFrom('confirmation_link')
    .innerJoin('registration', 'registration.id', 'confirmation_link.registration_id')
    .select('confirmation_link.workflow_id')
    .where('confirmation_link.case_event_id', '=', caseEventId)
    .where('confirmation_link.registration_id', '=', registrationId)
    .where('registration.registrant_id', '=', registrantId)
    .orderBy('confirmation_link.expires_at', 'desc')
    .executeTakeFirst();
  return row && { workflowId: row.workflow_id };
}

export interface PortalCaseEvent {
  caseEventId: string;
  registrationId: string;
  agencyId: string;
  subjectRef: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  /** Reminders sent to the registrant for it: which (`reminder-168h`…) and when. */
  reminders: { notice: string; sentAt: Date | null }[];
}

/**
 * The court and parole news the registrant was sent, each event once per registration, with the
 * reminders that followed it: what the portal's hearings page is built from. Only what reached
 * them: a hearing they were never told of is not theirs to see here either.
 */
export async function listPortalCaseEvents(
  db: Db,
  registrantId: string,
  families: readonly string[],
): Promise<PortalCaseEvent[]> {
  const rows = await db
    .selectFrom('delivery')
    .innerJoin('registration', 'registration.id', 'delivery.registration_id')
    .innerJoin('case_event', 'case_event.id', 'delivery.case_event_id')
    .select([
      'case_event.id',
      'delivery.registration_id',
      'case_event.agency_id',
      'case_event.subject_ref',
      'case_event.type',
      'case_event.occurred_at',
      'case_event.data',
      'delivery.notice',
      'delivery.sent_at',
    ])
    .where('registration.registrant_id', '=', registrantId)
    .where('case_event.family', 'in', families)
    .where('case_event.retracted_by', 'is', null)
    .where('delivery.channel', 'in', registrantChannels)
    .orderBy('case_event.occurred_at')
    .execute();
  const events = new Map<string, PortalCaseEvent>();
  for (const row of rows) {
    const key = `${row.id}/${row.registration_id}`;
    let event = events.get(key);
    if (!event) {
      event = {
        caseEventId: row.id,
        registrationId: row.registration_id,
        agencyId: row.agency_id,
        subjectRef: row.subject_ref,
        type: row.type,
        occurredAt: row.occurred_at,
        data: row.data,
        reminders: [],
      };
      events.set(key, event);
    }
    if (row.notice !== 'event' && !event.reminders.some((r) => r.notice === row.notice))
      event.reminders.push({ notice: row.notice, sentAt: row.sent_at });
  }
  return [...events.values()];
}

/** The registrant's impact statements: for which review, when sent, whether the board's review took it. */
export async function listPortalStatements(
  db: Db,
  registrantId: string,
): Promise<
  { registrationId: string; reviewWorkflowId: string; submittedAt: Date; acceptedAt: Date | null }[]
> {
  const rows = await db
    .selectFrom('impact_statement')
    .innerJoin('registration', 'registration.id', 'impact_statement.registration_id')
    .select([
      'impact_statement.registration_id',
      'impact_statement.review_workflow_id',
      'impact_statement.submitted_at',
      'impact_statement.accepted_at',
    ])
    .where('registration.registrant_id', '=', registrantId)
    .orderBy('impact_statement.submitted_at')
    .execute();
  return rows.map((r) => ({
    registrationId: r.registration_id,
    reviewWorkflowId: r.review_workflow_id,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
  }));
}

/** Whether the registration was invited to make a statement to this review (it was sent its notice). */
export async function wasInvitedToReview(
  db: Db,
  registrantId: string,
  registrationId: string,
  reviewWorkflowId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('statement_link')
    .innerJoin('registration', 'registration.id', 'statement_link.registration_id')
    .select('statement_link.registration_id')
    .where('statement_link.registration_id', '=', registrationId)
    .where('statement_link.review_workflow_id', '=', reviewWorkflowId)
    .where('registration.registrant_id', '=', registrantId)
    .executeTakeFirst();
  return row !== undefined;
}
