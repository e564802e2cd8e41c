import { randomBytes } from 'node:crypto';
import { newWebhookSecret, privateTargetOf } from '@switchboard/channels';
import {
  type ContactChannel,
  createRegistrant,
  type Db,
  findAgency,
  markContactPointVerified,
  register,
  saveAdvocate,
  saveContactPoint,
  setRegistrationPreferences,
  updateRegistrantOf,
} from '@switchboard/db';
import { agencyId } from '@switchboard/events';
import { type DataKeyring, hashPin } from '@switchboard/sealing';
import { verificationWorkflowId, workflowTypes } from '@switchboard/workflows/contract';
import type { Client } from '@temporalio/client';
import { ParseError, parsePhoneNumberWithError } from 'libphonenumber-js';
import { z } from 'zod';

const contactChannels = [
  'email',
  'sms',
  'voice',
  'webhook',
  'portal',
] as const satisfies readonly ContactChannel[];

/** Whether the enrolment gives an address for `channel` (texts go to `phone`). */
function given(
  e: { email?: unknown; phone?: unknown; voice?: unknown; webhook?: unknown; portal?: unknown },
  channel: ContactChannel,
): boolean {
  return (channel === 'sms' ? e.phone : e[channel]) !== undefined;
}

const families = ['custody', 'court', 'protective_order', 'parole', 'supervision', 'restorative'] as const;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM');

const advocateInput = z.object({
  displayName: z.string().trim().min(1).max(120),
  email: z.email('must be an email address like name@example.org'),
  organisation: z.string().trim().min(1).max(200),
});

/**
 * The languages notices are written in: English, Spanish, and Chinese in traditional characters
 * (after Spanish, the language most spoken at home by US residents with limited English).
 */
export const noticeLanguages = ['en', 'es', 'zh-Hant'] as const;

const timeZone = z
  .string()
  .refine(
    (zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC',
    'must be an IANA time zone like America/Los_Angeles',
  );
const quietHours = z.object({ start: clock, end: clock });
const chosenFamilies = z.array(z.enum(families)).max(families.length);
const urgentRepeat = z.object({
  everyMinutes: z.number().int().min(5, 'at least every 5 minutes').max(240, 'at most every 4 hours'),
  forHours: z.number().int().min(1, 'at least 1 hour').max(72, 'at most 72 hours'),
});

/** Checked with libphonenumber (length and numbering plan per country), stored as E.164. */
export const phoneNumber = z.string().transform((text, ctx) => {
  try {
    const parsed = parsePhoneNumberWithError(text);
    if (parsed.isValid()) return parsed.number;
    ctx.addIssue({
      code: 'custom',
      message: `${text} is not a valid number in ${parsed.country ?? 'its country'}`,
    });
  } catch (error) {
    const reason = error instanceof ParseError ? error.message : 'NOT_A_NUMBER';
    ctx.addIssue({
      code: 'custom',
      message: `must be a mobile number in international form, like +14155550123 (${reason.toLowerCase().replaceAll('_', ' ')})`,
    });
  }
  return z.NEVER;
});

export const enrolmentInput = z
  .object({
    /**
     * The agency whose reference it is (as `registration.findSubject` lists them): one agency's
     * booking 12345 is not another's case 12345.
     */
    agencyId,
    /** The agency's reference for the person or case, as the victim or advocate was given it. */
    subjectRef: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be the case or booking reference exactly as given'),
    displayName: z.string().trim().min(1).max(120),
    /** Where notices go: an email address. */
    email: z.email('must be an email address like name@example.org').optional(),
    /** A mobile number for texts, in international form; stored as E.164. */
    phone: phoneNumber.optional(),
    /**
     * A number to call (a landline will do), and the PIN the registrant will key in to say they heard
     * an urgent call, so that only they can stop it repeating.
     */
    voice: z
      .object({
        phone: phoneNumber,
        pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits, keyed in on the phone'),
      })
      .optional(),
    /** An advocate's case system, registered by the advocate with the victim's agreement. */
    webhook: z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL the hub can POST to' }),
      })
      .optional(),
    /**
     * The portal inbox: notices kept in the hub for the registrant to read with the inbox key the
     * answer carries (shown once). For someone with no safe email or phone of their own.
     */
    portal: z.literal(true).optional(),
    /**
     * The order in which the channels given above are preferred; the first reachable one gets
     * ordinary news, urgent news goes to them all. Email, text, call, webhook, portal when left out.
     */
    channels: z.array(z.enum(contactChannels)).min(1).max(contactChannels.length).optional(),
    language: z.enum(noticeLanguages).default('en'),
    timeZone: timeZone.default('UTC'),
    /** 'brief' for someone who shares a phone: each message only says there is an update to read signed in. */
    detail: z.enum(['full', 'brief']).default('full'),
    quietHours: quietHours.optional(),
    /** Which kinds of news to hear; all of them when left out. */
    families: chosenFamilies.optional(),
    /** Told when urgent news goes unconfirmed; someone the registrant chose to support them. */
    advocate: advocateInput.optional(),
    /**
     * Set when the advocate registers the victim: the victim's agreement, when and how it was
     * given. Without it an advocate's registration is refused; the victim decides.
     */
    onBehalf: z
      .object({
        agreementObtainedAt: z.iso.datetime({
          offset: true,
          error: 'must be when the victim agreed, as an ISO date-time',
        }),
        agreementMethod: z.enum(['in_person', 'phone', 'written', 'video']),
      })
      .optional(),
    /** How urgent news is repeated until confirmed; the hub's default (30 min for 24 h) when left out. */
    urgentRepeat: urgentRepeat.optional(),
  })
  .refine((e) => contactChannels.some((channel) => given(e, channel)), {
    message: 'give at least one way to reach the registrant: email, phone, voice, webhook or portal',
    path: ['email'],
  })
  .refine((e) => (e.channels ?? []).every((channel) => given(e, channel)), {
    message: 'every channel in "channels" needs its address (email, phone, voice, webhook or portal)',
    path: ['channels'],
  })
  .refine((e) => new Set(e.channels ?? []).size === (e.channels ?? []).length, {
    message: 'name each channel once',
    path: ['channels'],
  })
  .refine((e) => e.onBehalf === undefined || e.advocate !== undefined, {
    message: 'a registration on a victim’s behalf names the advocate making it',
    path: ['advocate'],
  })
  .refine(
    (e) => e.onBehalf === undefined || Date.parse(e.onBehalf.agreementObtainedAt) <= Date.now() + 60_000,
    { message: 'the victim’s agreement cannot be in the future', path: ['onBehalf', 'agreementObtainedAt'] },
  )
  // A webhook belongs to an advocate's system: the advocate is who hears if it stops working.
  // …and an advocate's system is only ever registered on a victim's behalf, with their agreement.
  .refine((e) => e.webhook === undefined || e.onBehalf !== undefined, {
    message: 'a webhook registration records the victim’s agreement (onBehalf)',
    path: ['onBehalf'],
  })
  .refine((e) => e.webhook === undefined || e.advocate !== undefined, {
    message: 'a webhook registration names the advocate whose system it is',
    path: ['advocate'],
  });

/**
 * What a registrant may change at any time; a field left out stays as it is, `null` clears it
 * (no quiet hours, the hub's repeat schedule, no advocate, every family).
 */
export const registrationChange = z
  .object({
    registrationId: z.uuid(),
    language: z.enum(noticeLanguages).optional(),
    timeZone: timeZone.optional(),
    quietHours: quietHours.nullable().optional(),
    families: chosenFamilies.nullable().optional(),
    advocate: advocateInput.nullable().optional(),
    urgentRepeat: urgentRepeat.nullable().optional(),
    detail: z.enum(['full', 'brief']).optional(),
  })
  .refine((change) => Object.keys(change).length > 1, 'name at least one thing to change');
export type RegistrationChange = z.input<typeof registrationChange>;

/** Applies a registrant's change in one transaction; false when there is no such registration. */
export async function changeRegistration(
  db: Db,
  keyring: DataKeyring,
  input: RegistrationChange,
): Promise<boolean> {
  const change = registrationChange.parse(input);
  return db.transaction().execute(async (trx) => {
    const advocateId =
      change.advocate === undefined
        ? undefined
        : change.advocate && (await saveAdvocate(trx, keyring, change.advocate)).id;
    const found = await setRegistrationPreferences(trx, change.registrationId, {
      advocateId,
      detail: change.detail,
      families: change.families === undefined ? undefined : (change.families ?? []),
      repeatEveryMinutes:
        change.urgentRepeat === undefined ? undefined : (change.urgentRepeat?.everyMinutes ?? null),
      repeatForHours: change.urgentRepeat === undefined ? undefined : (change.urgentRepeat?.forHours ?? null),
    });
    if (!found) return false;
    await updateRegistrantOf(trx, change.registrationId, {
      language: change.language,
      timeZone: change.timeZone,
      quietHours: change.quietHours,
    });
    return true;
  });
}
export type EnrolmentInput = z.input<typeof enrolmentInput>;

export interface Enrolment {
  registrantId: string;
  registrationId: string;
  /** The most preferred channel's contact point. */
  contactPointId: string;
  /** Every channel's, most preferred first; each is verified on its own. */
  contactPoints: { channel: ContactChannel; id: string }[];
  /** Webhooks: the secret that signs what is sent, shown this once for the endpoint's owner. */
  webhookSecret?: string;
  /** Portal: the key that opens the inbox, shown this once; only its blind index is kept to find it. */
  inboxKey?: string;
}

/**
 * Registers someone for a subject. Their address gets a verification code and nothing else until
 * the code comes back (`verifyContactPoint`).
 */
export async function enrol(
  deps: {
    db: Db;
    keyring: DataKeyring;
    temporal: Client;
    taskQueue: string;
    /** Webhooks may point at loopback and private networks; refused unless the hub allows it. */
    allowPrivateWebhooks?: boolean;
  },
  input: EnrolmentInput,
): Promise<Enrolment> {
  const parsed = enrolmentInput.parse(input);
  const inward = parsed.webhook && !deps.allowPrivateWebhooks && privateTargetOf(parsed.webhook.url);
  if (inward) {
    throw new EnrolmentRefused(
      `the webhook must be on the public internet: ${inward} (a hub whose advocates' systems share its network sets WEBHOOK_PRIVATE_TARGETS=allow)`,
    );
  }
  const enrolment = await deps.db.transaction().execute(async (trx) => {
    const recorded = await recordEnrolment(trx, deps.keyring, parsed);
    // Nothing to verify: the inbox is the hub's own, and only the holder of its key reads it.
    const portal = recorded.contactPoints.find((c) => c.channel === 'portal');
    if (portal) await markContactPointVerified(trx, portal.id);
    return recorded;
  });
  for (const contact of enrolment.contactPoints) {
    if (contact.channel !== 'portal') await requestVerificationCode(deps, contact.id);
  }
  return enrolment;
}

/** Sends a fresh code (the earlier one stops working). */
export async function requestVerificationCode(
  deps: { temporal: Client; taskQueue: string },
  contactPointId: string,
): Promise<void> {
  await deps.temporal.workflow.start(workflowTypes.verifyContactPoint, {
    taskQueue: deps.taskQueue,
    workflowId: verificationWorkflowId(contactPointId, Date.now()),
    args: [{ contactPointId }],
    staticSummary: `verification code for contact point ${contactPointId}`,
  });
}

/**
 * The operator's path: someone registered in person with an advocate, whose address (or phone)
 * was confirmed there and then. Used by the demo and the tests' fixtures; no code is sent.
 */
export async function enrolConfirmedInPerson(
  db: Db,
  keyring: DataKeyring,
  input: {
    agencyId: string;
    subjectRef: string;
    displayName: string;
    language?: string;
    families?: string[];
    advocate?: z.infer<typeof advocateInput>;
    portal?: true;
  } & ({ email: string; phone?: undefined } | { phone: string; email?: undefined }),
): Promise<Enrolment> {
  return db.transaction().execute(async (trx) => {
    const enrolment = await recordEnrolment(trx, keyring, input);
    for (const contact of enrolment.contactPoints) await markContactPointVerified(trx, contact.id);
    return enrolment;
  });
}

/** An enrolment that cannot be made as asked; the message says why. */
export class EnrolmentRefused extends Error {
  override readonly name = 'EnrolmentRefused';
}

/** Registrant, contact points (unverified) and registration, in the caller's transaction. */
async function recordEnrolment(
  trx: Db,
  keyring: DataKeyring,
  input: {
    agencyId: string;
    subjectRef: string;
    displayName: string;
    email?: string;
    phone?: string;
    voice?: { phone: string; pin: string };
    webhook?: { url: string };
    portal?: true;
    channels?: ContactChannel[];
    language?: string;
    timeZone?: string;
    quietHours?: { start: string; end: string };
    families?: string[];
    advocate?: z.infer<typeof advocateInput>;
    urgentRepeat?: { everyMinutes: number; forHours: number };
    onBehalf?: { agreementObtainedAt: string; agreementMethod: string };
    detail?: 'full' | 'brief';
  },
): Promise<Enrolment> {
  const registrant = await createRegistrant(trx, keyring, {
    displayName: input.displayName,
    language: input.language ?? 'en',
    timeZone: input.timeZone,
    quietHours: input.quietHours,
  });
  const channels = input.channels ?? contactChannels.filter((channel) => given(input, channel));
  const webhookSecret = input.webhook ? newWebhookSecret() : undefined;
  const inboxKey = input.portal ? randomBytes(32).toString('base64url') : undefined;
  const contactPoints: Enrolment['contactPoints'] = [];
  for (const channel of channels) {
    const contact = await saveContactPoint(trx, keyring, {
      registrantId: registrant.id,
      channel,
      address: {
        email: input.email,
        sms: input.phone,
        voice: input.voice?.phone,
        webhook: input.webhook?.url,
        portal: inboxKey,
      }[channel]!,
      secret: channel === 'webhook' ? webhookSecret : undefined,
      pinHash: channel === 'voice' ? await hashPin(input.voice!.pin) : undefined,
    });
    contactPoints.push({ channel, id: contact.id });
  }
  if (!(await findAgency(trx, input.agencyId)))
    throw new EnrolmentRefused(`there is no agency "${input.agencyId}"; find the person or case first`);
  const registration = await register(trx, {
    registrantId: registrant.id,
    agencyId: input.agencyId,
    subjectRef: input.subjectRef,
    channels,
    families: input.families,
    onBehalf: input.onBehalf,
  });
  if (input.advocate || input.urgentRepeat || input.detail === 'brief') {
    await setRegistrationPreferences(trx, registration.id, {
      detail: input.detail,
      advocateId: input.advocate ? (await saveAdvocate(trx, keyring, input.advocate)).id : undefined,
      repeatEveryMinutes: input.urgentRepeat?.everyMinutes,
      repeatForHours: input.urgentRepeat?.forHours,
    });
  }
  return {
    registrantId: registrant.id,
    registrationId: registration.id,
    contactPointId: contactPoints[0]!.id,
    contactPoints,
    ...(webhookSecret && { webhookSecret }),
    ...(inboxKey && { inboxKey }),
  };
}
