import type { BusNames, NatsConnection } from '@switchboard/bus';
import type { EmailChannel, Telephony, WebhookChannel } from '@switchboard/channels';
import type { Db } from '@switchboard/db';
import type { Logger } from '@switchboard/log';
import type { DataKeyring } from '@switchboard/sealing';
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';

export interface NotificationSettings {
  /** Where the API answers; confirmation links point here. */
  publicUrl: string;
  /** The coordinators' desk, told when urgent news goes unconfirmed. */
  coordinatorEmail?: string;
  /** Urgent news: the hub's default repetition schedule, which a registrant may reshape. */
  repeatEverySeconds: number;
  repeatForSeconds: number;
  /**
   * How long one send may take before Temporal gives it to another worker; also how long a
   * notification waits when the worker sending it dies.
   */
  deliveryTimeoutSeconds?: number;
  /** A webhook endpoint failing this many times in a row is disabled and its owner told; 5 unless configured. */
  webhookMaxFailures?: number;
  /** Registrations read (and notifications started) per page of a fan-out; 500 unless configured. */
  fanOutPageSize?: number;
  /** How long before a hearing reminders go out; a week and a day unless configured. */
  hearingRemindersSeconds?: number[];
  /** How long before a parole review's statement window closes the silent are reminded; 3 days unless configured. */
  statementReminderSeconds?: number;
  /** How often held notices look whether their safety hold was released or renewed; 30 s unless configured. */
  safetyHoldRecheckSeconds?: number;
}

export type Recipient =
  /** `own`: the registrant's own address (not an advocate's or the desk's), disabled if it bounces. */
  | { kind: 'email'; address: string; own?: { contactPointId: string; registrationId: string } }
  | { kind: 'sms'; phone: string; contactPointId: string }
  /** A call; `confirm` when it asks for the registrant's PIN. */
  | {
      kind: 'voice';
      phone: string;
      contactPointId: string;
      language: 'en' | 'es' | 'zh-Hant';
      confirm?: boolean;
    }
  | { kind: 'portal'; contactPointId: string }
  | { kind: 'webhook'; url: string; secret: string; contactPointId: string; registrationId: string };

export interface ActivityDeps {
  db: Db;
  /** Opens the sealed names and addresses a message needs, inside the activity only. */
  keyring: DataKeyring;
  email: EmailChannel;
  webhook: WebhookChannel;
  /** Texts and calls; absent when the hub has no telephony provider configured. */
  telephony?: Telephony;
  log: Logger;
  settings: NotificationSettings;
  /** For the one activity that starts or signals another workflow (a hearing's). */
  temporal: { client: Client; taskQueue: string };
  /** Agencies' feeds, where case events are forwarded under consent. */
  bus: { nc: NatsConnection; names: BusNames };
  /** Counts sends by channel and outcome, and the time to a notice's first attempt (metrics). */
  metrics?: { delivery(channel: string, outcome: string): void; firstAttempt(seconds: number): void };
}

/** Texts and calls, or a clear, final refusal when this hub has no telephony provider. */
export function phoneOf(deps: ActivityDeps): Telephony {
  if (!deps.telephony)
    throw ApplicationFailure.nonRetryable(
      'texts and calls are not configured on this hub (SMS_API_BASE)',
      'NoTelephonyProvider',
    );
  return deps.telephony;
}
