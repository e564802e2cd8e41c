import {
  countWrongPin,
  type Db,
  findConfirmableNotice,
  findConfirmationLink,
  findSmsContactPoint,
  findVoiceContactOfDelivery,
  resetWrongPins,
} from '@switchboard/db';
import { type DataKeyring, pinMatches } from '@switchboard/sealing';
import {
  type ConfirmedBy,
  confirmationPinToken,
  confirmNotificationUpdate,
  type NotificationStatus,
  notificationStatusQuery,
  resendNotificationSignal,
  stopNotificationSignal,
  voiceConfirmationToken,
} from '@switchboard/workflows/contract';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/** A coordinator action that cannot be carried out; the message says why, in words a person can act on. */
export class NotificationActionError extends Error {
  override readonly name = 'NotificationActionError';
  constructor(
    readonly code: 'not_found' | 'finished' | 'refused',
    message: string,
  ) {
    super(message);
  }
}

const notificationId = /^notify:[^:\s]+:[0-9a-f-]{36}:[0-9a-f-]{36}(:reminder-\w+)?$/;

export type CoordinatorAction = 'confirm' | 'resend' | 'stop';

/**
 * What a coordinator does to one registrant's notification, named by its workflow id as Temporal
 * UI shows it: mark it confirmed (they reached the registrant by phone), send it again now, or
 * stop it. Returns where the notification stands afterwards.
 */
export async function actOnNotification(
  temporal: Client,
  workflowId: string,
  action: CoordinatorAction,
): Promise<NotificationStatus> {
  if (!notificationId.test(workflowId)) {
    throw new NotificationActionError(
      'not_found',
      `"${workflowId}" is not a notification workflow id (notify:<agency>:<event>:<registration>, as Temporal UI shows it)`,
    );
  }
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') {
      const result = (await handle.result().catch(() => undefined)) as NotificationStatus | undefined;
      throw new NotificationActionError(
        'finished',
        `that notification has already finished (${result?.state ?? description.status.name.toLowerCase()}); nothing to ${action}`,
      );
    }
    if (action === 'confirm') return await confirm(handle, 'coordinator');
    await handle.signal(action === 'stop' ? stopNotificationSignal : resendNotificationSignal);
    return await handle.query(notificationStatusQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new NotificationActionError('not_found', `no notification ${workflowId}`);
    }
    throw error;
  }
}

export async function notificationStatus(temporal: Client, workflowId: string): Promise<NotificationStatus> {
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') return await handle.query(notificationStatusQuery);
    return (await handle.result()) as NotificationStatus;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new NotificationActionError('not_found', `no notification ${workflowId}`);
    }
    throw error;
  }
}

export type LinkConfirmation = 'confirmed' | 'already-closed' | 'not-valid';

/**
 * The registrant followed the link in an urgent notice. An unknown or expired token and a
 * notification that is over get answers that reveal nothing about anyone.
 */
export async function confirmWithLink(
  deps: { db: Db; temporal: Client },
  token: string,
): Promise<LinkConfirmation> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return 'not-valid';
  const link = await findConfirmationLink(deps.db, token);
  if (!link) return 'not-valid';
  return confirmByRegistrant(deps.temporal, link.workflowId, 'link');
}

/** A signed-in registrant confirms urgent news from the portal: only a notice sent to them. */
export async function confirmInPortal(
  deps: { db: Db; temporal: Client },
  registrantId: string,
  notice: { caseEventId: string; registrationId: string },
): Promise<LinkConfirmation> {
  const found = await findConfirmableNotice(deps.db, registrantId, notice.caseEventId, notice.registrationId);
  if (!found) return 'not-valid';
  return confirmByRegistrant(deps.temporal, found.workflowId, 'portal');
}

/** The registrant's own confirmation (link, PIN or portal): a notice that is over is thanked, not refused. */
async function confirmByRegistrant(
  temporal: Client,
  workflowId: string,
  by: 'link' | 'pin' | 'portal',
): Promise<LinkConfirmation> {
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    if ((await handle.describe()).status.name !== 'RUNNING') return 'already-closed';
    await confirm(handle, by);
    return 'confirmed';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'not-valid';
    if (error instanceof NotificationActionError) return 'already-closed';
    throw error;
  }
}

async function confirm(
  handle: ReturnType<Client['workflow']['getHandle']>,
  by: ConfirmedBy,
): Promise<NotificationStatus> {
  try {
    return await handle.executeUpdate(confirmNotificationUpdate, { args: [{ by }] });
  } catch (error) {
    // The workflow's validator refused it: the notice asks no confirmation, or was stopped.
    if (error instanceof WorkflowUpdateFailedError) {
      throw new NotificationActionError('refused', error.cause?.message ?? error.message);
    }
    throw error;
  }
}

/** Wrong PIN replies in a row after which that phone's replies are ignored. */
export const MAX_WRONG_PINS = 5;

export type PinConfirmation = LinkConfirmation;

/**
 * A registrant replied to an urgent SMS. The PIN is only good from the phone it was sent to; a
 * wrong one is counted and, after a few, replies from that phone are ignored. The answer is the
 * same for a wrong PIN, an unknown number and a locked phone.
 */
export async function confirmWithPin(
  deps: { db: Db; keyring: DataKeyring; temporal: Client },
  phone: string,
  reply: string,
): Promise<PinConfirmation> {
  const contact = await findSmsContactPoint(deps.db, deps.keyring, phone);
  const pin = /\b(\d{6})\b/.exec(reply)?.[1];
  if (!contact || contact.wrongPins >= MAX_WRONG_PINS) return 'not-valid';
  const link = pin ? await findConfirmationLink(deps.db, confirmationPinToken(contact.id, pin)) : undefined;
  if (!link) {
    await countWrongPin(deps.db, contact.id);
    return 'not-valid';
  }
  await resetWrongPins(deps.db, contact.id);
  return confirmByRegistrant(deps.temporal, link.workflowId, 'pin');
}

/**
 * Keys pressed during an urgent call: the registrant's own PIN, checked against its hash, confirms
 * the notice the call was about. Wrong PINs are counted on that phone as for texts; past a few,
 * nothing keyed in counts. The answer (and the language to say it in) is all the caller learns.
 */
/** The languages calls are said in (as @switchboard/channels says them). */
const callLanguages = ['en', 'es', 'zh-Hant'] as const;
type CallLanguage = (typeof callLanguages)[number];

export async function confirmWithVoicePin(
  deps: { db: Db; temporal: Client },
  deliveryId: string,
  digits: string,
): Promise<{ outcome: PinConfirmation; language: CallLanguage }> {
  const contact = /^[0-9a-f-]{36}$/.test(deliveryId)
    ? await findVoiceContactOfDelivery(deps.db, deliveryId)
    : undefined;
  const language: CallLanguage = (callLanguages as readonly string[]).includes(contact?.language ?? '')
    ? (contact!.language as CallLanguage)
    : 'en';
  if (!contact?.pinHash || contact.wrongPins >= MAX_WRONG_PINS) return { outcome: 'not-valid', language };
  if (!/^\d{4,8}$/.test(digits) || !(await pinMatches(digits, contact.pinHash))) {
    await countWrongPin(deps.db, contact.id);
    return { outcome: 'not-valid', language };
  }
  await resetWrongPins(deps.db, contact.id);
  const link = await findConfirmationLink(deps.db, voiceConfirmationToken(deliveryId));
  if (!link) return { outcome: 'not-valid', language };
  return { outcome: await confirmByRegistrant(deps.temporal, link.workflowId, 'pin'), language };
}
