import { randomBytes } from 'node:crypto';
import { newWebhookSecret } from '@switchboard/channels';
import {
  createRegistrant,
  type Db,
  markContactPointVerified,
  register,
  saveAdvocate,
  saveContactPoint,
  setRegistrationPreferences,
  updateRegistrantOf,
} from '@switchboard/db';
import type { DataKeyring } from '@switchboard/sealing';
import { verificationWorkflowId, workflowTypes } from '@switchboard/workflows/contract';
import type { Client } from '@temporalio/client';
import { ParseError, parsePhoneNumberWithError } from 'libphonenumber-js';
import { z } from 'zod';

const families = ['custody', 'court', 'protective_order', 'parole', 'supervision', 'restorative'] as const;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM');

const advocateInput = z.object({
  displayName: z.string().trim().min(1).max(120),
  email: z.email('must be an email address like name@example.org'),
  organisation: z.string().trim().min(1).max(200),
});

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
const phoneNumber = z.string().transform((text, ctx) => {
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
    /** The agency's reference for the person or case, as the victim or advocate was given it. */
    subjectRef: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be the case or booking reference exactly as given'),
    displayName: z.string().trim().min(1).max(120),
    /** Where notices go: an email address, or (registered by an advocate) their case system's webhook. */
    email: z.email('must be an email address like name@example.org').optional(),
    /** A mobile number in international form; stored as E.164. */
    phone: phoneNumber.optional(),
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
    language: z.enum(['en', 'es']).default('en'),
    timeZone: timeZone.default('UTC'),
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
  .refine((e) => [e.email, e.phone, e.webhook, e.portal].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of email, phone, webhook or portal',
    path: ['email'],
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
    language: z.enum(['en', 'es']).optional(),
    timeZone: timeZone.optional(),
    quietHours: quietHours.nullable().optional(),
    families: chosenFamilies.nullable().optional(),
    advocate: advocateInput.nullable().optional(),
    urgentRepeat: urgentRepeat.nullable().optional(),
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
  contactPointId: string;
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
  deps: { db: Db; keyring: DataKeyring; temporal: Client; taskQueue: string },
  input: EnrolmentInput,
): Promise<Enrolment> {
  const parsed = enrolmentInput.parse(input);
  const enrolment = await deps.db.transaction().execute(async (trx) => {
    const recorded = await recordEnrolment(trx, deps.keyring, parsed);
    // Nothing to verify: the inbox is the hub's own, and only the holder of its key reads it.
    if (recorded.inboxKey) await markContactPointVerified(trx, recorded.contactPointId);
    return recorded;
  });
  if (!enrolment.inboxKey) await requestVerificationCode(deps, enrolment.contactPointId);
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
 * The operator's path: someone registered in person with an advocate, whose address was confirmed
 * there and then. Used by the demo and the tests' fixtures; no code is sent.
 */
export async function enrolConfirmedInPerson(
  db: Db,
  keyring: DataKeyring,
  input: {
    subjectRef: string;
    displayName: string;
    email: string;
    language?: string;
    families?: string[];
    advocate?: z.infer<typeof advocateInput>;
  },
): Promise<Enrolment> {
  return db.transaction().execute(async (trx) => {
    const enrolment = await recordEnrolment(trx, keyring, input);
    await markContactPointVerified(trx, enrolment.contactPointId);
    return enrolment;
  });
}

/** Registrant, email contact point (unverified) and registration, in the caller's transaction. */
async function recordEnrolment(
  trx: Db,
  keyring: DataKeyring,
  input: {
    subjectRef: string;
    displayName: string;
    email?: string;
    phone?: string;
    webhook?: { url: string };
    portal?: true;
    language?: string;
    timeZone?: string;
    quietHours?: { start: string; end: string };
    families?: string[];
    advocate?: z.infer<typeof advocateInput>;
    urgentRepeat?: { everyMinutes: number; forHours: number };
    onBehalf?: { agreementObtainedAt: string; agreementMethod: string };
  },
): Promise<Enrolment> {
  const registrant = await createRegistrant(trx, keyring, {
    displayName: input.displayName,
    language: input.language ?? 'en',
    timeZone: input.timeZone,
    quietHours: input.quietHours,
  });
  const channel = input.webhook ? 'webhook' : input.phone ? 'sms' : input.portal ? 'portal' : 'email';
  const webhookSecret = input.webhook ? newWebhookSecret() : undefined;
  const inboxKey = input.portal ? randomBytes(32).toString('base64url') : undefined;
  const contact = await saveContactPoint(trx, keyring, {
    registrantId: registrant.id,
    channel,
    address: input.webhook?.url ?? input.phone ?? inboxKey ?? input.email!,
    secret: webhookSecret,
  });
  const registration = await register(trx, {
    registrantId: registrant.id,
    subjectRef: input.subjectRef,
    channel,
    families: input.families,
    onBehalf: input.onBehalf,
  });
  if (input.advocate || input.urgentRepeat) {
    await setRegistrationPreferences(trx, registration.id, {
      advocateId: input.advocate ? (await saveAdvocate(trx, keyring, input.advocate)).id : undefined,
      repeatEveryMinutes: input.urgentRepeat?.everyMinutes,
      repeatForHours: input.urgentRepeat?.forHours,
    });
  }
  return {
    registrantId: registrant.id,
    registrationId: registration.id,
    contactPointId: contact.id,
    ...(webhookSecret && { webhookSecret }),
    ...(inboxKey && { inboxKey }),
  };
}
