import { randomBytes, randomInt } from 'node:crypto';
import {
  type CaseEventRow,
  findAgency,
  findCaseEvent,
  hearingChangesBefore,
  saveConfirmationLink,
  saveStatementLink,
} from '@switchboard/db';
import { crisisLineFor, type HelpData, loadHelpData } from '@switchboard/help';
import {
  confirmationPinToken,
  paroleReviewWorkflowId,
  voiceConfirmationToken,
} from '@switchboard/workflows/contract';
import { ApplicationFailure } from '@temporalio/activity';
import { composeNotice, NoNoticeWording, type Notice } from '../notices/compose-notice';
import { correctionNotice } from '../notices/correction-notices';
import { hearingCalendar, hearingReminderNotice } from '../notices/hearing-notices';
import { noticeLanguageOf, say } from '../notices/messages';
import {
  paroleDecisionNotice,
  paroleReviewNotice,
  paroleStatementReminderNotice,
} from '../notices/parole-notices';
import { withConfirmationRequest } from '../notices/urgent-notices';
import type { NoticeContact } from './channel-adapters';
import type { ActivityDeps } from './deps';

/** A statement link outlives any statement window; the review's workflow decides what it accepts. */
const STATEMENT_LINK_LIFETIME_MS = 120 * 24 * 3600 * 1000;
/** A confirmation link stays usable for a week after it is sent, well past any repeat schedule. */
const LINK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export interface DeliveryRequest {
  caseEventId: string;
  registrationId: string;
  channel: string;
  round: number;
  /** Urgent news: the notification workflow a confirmation reaches. */
  confirmWorkflowId?: string;
  /** A hearing reminder, this long before it. */
  reminderBeforeMs?: number;
}

const factsOf = (event: CaseEventRow) => ({
  agencyId: event.agency_id,
  type: event.type,
  subjectRef: event.subject_ref,
  data: event.data,
  occurredAt: event.occurred_at,
});

let help: HelpData | undefined;
type WhomToCall = { agency?: { name: string; line: string }; crisis?: { name: string; phone: string } };
/** One agency's answer, kept a minute: a fan-out to thousands asks the same question thousands of times. */
const whomToCallKept = new Map<string, { until: number; answer: Promise<WhomToCall> }>();

/**
 * Whom a notice names to call: the publishing agency by the contact it registered (an office's
 * line), and the crisis line for its jurisdiction from the reviewed services directory.
 */
function whomToCall(deps: ActivityDeps, agencyId: string): Promise<WhomToCall> {
  const kept = whomToCallKept.get(agencyId);
  if (kept && kept.until > Date.now()) return kept.answer;
  const answer = (async () => {
    const agency = await findAgency(deps.db, agencyId);
    help ??= loadHelpData();
    // A jurisdiction the directory does not know (free text, say) still has the national line.
    const crisis = agency && (crisisLineFor(help, agency.jurisdiction) ?? crisisLineFor(help, 'US'));
    return {
      ...(agency?.contact && { agency: { name: agency.name, line: agency.contact } }),
      ...(crisis && { crisis: { name: crisis.name, phone: crisis.phone } }),
    };
  })();
  // A failed lookup is not kept: the next delivery asks again.
  answer.catch(() => whomToCallKept.delete(agencyId));
  whomToCallKept.set(agencyId, { until: Date.now() + 60_000, answer });
  return answer;
}

/** The words of this event's notice for this registrant, before any confirmation is asked. */
async function noticeOfEvent(
  deps: ActivityDeps,
  event: CaseEventRow,
  contact: NoticeContact,
  request: DeliveryRequest,
): Promise<Notice> {
  const { db, settings } = deps;
  const facts = factsOf(event);
  const { language, displayName, timeZone } = contact;
  // Hearings carry a calendar invite; only they pay for counting the hearing's earlier changes.
  const invite = async () =>
    facts.type.startsWith('court.hearing_')
      ? hearingCalendar(facts, await hearingChangesBefore(db, request.caseEventId))
      : undefined;
  if (event.type === 'parole.review_scheduled') {
    // The notice and its one reminder carry a fresh link for writing a statement.
    const token = randomBytes(24).toString('base64url');
    await saveStatementLink(db, {
      token,
      registrationId: request.registrationId,
      reviewWorkflowId: paroleReviewWorkflowId(event.agency_id, String(event.data.reviewId)),
      expiresAt: new Date(Date.now() + STATEMENT_LINK_LIFETIME_MS),
    });
    const write = request.reminderBeforeMs === undefined ? paroleReviewNotice : paroleStatementReminderNotice;
    return write(
      facts,
      language,
      displayName,
      timeZone,
      `${settings.publicUrl}/statement/${token}?lang=${noticeLanguageOf(language)}`,
    );
  }
  if (event.type === 'parole.decision') return paroleDecisionNotice(facts, language, displayName);
  if (event.type === 'feed.retraction') {
    const withdrawn = await findCaseEvent(db, event.agency_id, String(event.data.retracts));
    return correctionNotice(
      { subjectRef: event.subject_ref, withdrawnType: withdrawn?.type, withdrawnAt: withdrawn?.occurred_at },
      language,
      displayName,
    );
  }
  if (request.reminderBeforeMs !== undefined) {
    const reminder = hearingReminderNotice(facts, language, displayName, timeZone, request.reminderBeforeMs);
    return { ...reminder, calendar: await invite() };
  }
  try {
    return {
      ...composeNotice(facts, language, displayName, timeZone, `${settings.publicUrl}/#/help`, {
        compact: request.channel === 'sms',
        whomToCall: await whomToCall(deps, event.agency_id),
      }),
      calendar: await invite(),
    };
  } catch (error) {
    // Retrying cannot help; a coordinator sees the failed notification in Temporal UI.
    if (error instanceof NoNoticeWording)
      throw ApplicationFailure.nonRetryable(error.message, 'NoNoticeWording');
    throw error;
  }
}

/**
 * The notice one delivery sends: the event's words and, for urgent news, how to confirm it on
 * this channel (a link; a PIN to key in on a call; a PIN to reply by text too). Each confirmation
 * token is fresh per message, kept only as a hash, and never enters Temporal.
 */
export async function composeDelivery(
  deps: ActivityDeps,
  event: CaseEventRow,
  contact: NoticeContact,
  request: DeliveryRequest,
  deliveryId: string,
): Promise<Notice> {
  const { db, settings } = deps;
  const composed = await noticeOfEvent(deps, event, contact, request);
  if (!request.confirmWorkflowId || request.reminderBeforeMs !== undefined) return composed;
  if (
    event.type === 'parole.review_scheduled' ||
    event.type === 'parole.decision' ||
    event.type === 'feed.retraction'
  )
    return composed;
  const link = {
    caseEventId: request.caseEventId,
    registrationId: request.registrationId,
    workflowId: request.confirmWorkflowId,
    expiresAt: new Date(Date.now() + LINK_LIFETIME_MS),
  };
  if (request.channel === 'voice') {
    // The answerer keys in the registrant's own PIN; the call's delivery finds this workflow.
    await saveConfirmationLink(db, { token: voiceConfirmationToken(deliveryId), ...link });
    return composed;
  }
  const token = randomBytes(24).toString('base64url');
  await saveConfirmationLink(db, { token, ...link });
  const page = `${settings.publicUrl}/confirm/${token}?lang=${noticeLanguageOf(contact.language)}`;
  const urgent = withConfirmationRequest(composed, page, request.round);
  if (contact.channel !== 'sms' || !contact.contactPointId) return urgent;
  // By SMS the registrant may also just reply with a PIN, scoped to their number.
  const pin = String(randomInt(100_000, 1_000_000));
  await saveConfirmationLink(db, { token: confirmationPinToken(contact.contactPointId, pin), ...link });
  return {
    ...urgent,
    text: `${urgent.text}\n${say(noticeLanguageOf(contact.language), 'urgent.pin', { pin })}`,
  };
}
