import {
  appendAuditRecord,
  askForLetter,
  type Db,
  decideLetter,
  depositLetter,
  findRegistrationRecord,
  hasCaseFlag,
  type LetterState,
  lettersFor,
  openReleasedLetter,
  protectiveOrderEvents,
  referencesOfRegistration,
} from '@switchboard/db';
import { caseEventEnvelope } from '@switchboard/events';
import type { DataKeyring } from '@switchboard/sealing';
import { z } from 'zod';

type Deps = { db: Db; keyring: DataKeyring };

/** Longest letter the bank keeps: pages of it, never a burden to store. */
export const MAX_LETTER_CHARACTERS = 20_000;

/** A scanned letter, small enough to travel in one call: a phone photo or a short PDF. */
export const MAX_SCAN_BYTES = 600 * 1024;

export const depositLetterInput = z
  .object({
    /** The depositing agency's reference for the person who wrote it. */
    subjectRef: caseEventEnvelope.shape.subject,
    text: z.string().trim().min(1, 'the letter is empty').max(MAX_LETTER_CHARACTERS).optional(),
    /** Or the letter as scanned: a PDF or an image, in base64. */
    scan: z
      .object({
        type: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
        base64: z
          .string()
          .regex(/^[A-Za-z0-9+/]+=*$/, 'must be base64')
          .max(Math.ceil(MAX_SCAN_BYTES / 3) * 4, `a scan may be at most ${MAX_SCAN_BYTES / 1024} KB`),
      })
      .optional(),
  })
  .refine(
    (l) => (l.text === undefined) !== (l.scan === undefined),
    'give the letter as text or as a scan, one of them',
  );
const letterOf = z.object({ letterId: z.uuid(), registrationId: z.uuid() });
export const letterRequest = letterOf;
export const letterScreening = letterOf.extend({
  decision: z.enum(['release', 'withhold']),
  /** Why it is withheld, from a fixed list: the victim sees the words the portal gives it. */
  reason: z.enum(['no_contact_order', 'victim_safety', 'content']).optional(),
});

export class LetterRefused extends Error {
  override readonly name = 'LetterRefused';
  constructor(
    readonly code: 'not_found' | 'policy',
    message: string,
  ) {
    super(message);
  }
}

/** Agencies whose letters the bank takes: where the person who wrote it is held or supervised. */
const depositingKinds = ['prison', 'probation'];

/** A prison or community-corrections agency deposits a letter; nobody is told of it. */
export async function depositApologyLetter(
  deps: Deps,
  actor: string,
  agency: { id: string; kind: string },
  input: z.input<typeof depositLetterInput>,
): Promise<{ letterId: string; receivedAt: string }> {
  if (!depositingKinds.includes(agency.kind))
    throw new LetterRefused(
      'policy',
      'only a prison or community-corrections agency deposits apology letters',
    );
  const letter = depositLetterInput.parse(input);
  if (letter.scan && !looksLike(letter.scan.type, Buffer.from(letter.scan.base64, 'base64')))
    throw new LetterRefused('policy', `the scan is not a ${letter.scan.type} file`);
  const saved = await depositLetter(deps.db, deps.keyring, {
    agencyId: agency.id,
    subjectRef: letter.subjectRef,
    text: letter.text ?? letter.scan!.base64,
    scanType: letter.scan?.type,
  });
  await appendAuditRecord(deps.db, {
    actor,
    action: 'letter.deposit',
    outcome: 'recorded',
    reason: `letter ${saved.id} for ${agency.id}/${letter.subjectRef}`,
  });
  return { letterId: saved.id, receivedAt: saved.receivedAt.toISOString() };
}

/**
 * Whether a no-contact order stands now, from the protective-order events in the order they
 * happened: issued with no contact, changed by a modification, ended by its expiry (or its own end).
 */
export function noContactOrderStands(
  events: readonly { type: string; data: Record<string, unknown> }[],
  now: Date,
): boolean {
  const orders = new Map<string, { noContact: boolean; expiresAt?: string; ended: boolean }>();
  for (const { type, data } of events) {
    const id = String(data.orderId);
    const order = orders.get(id) ?? { noContact: false, ended: false };
    if (type === 'protective_order.issued') {
      order.noContact = data.noContact === true;
      order.expiresAt = typeof data.expiresAt === 'string' ? data.expiresAt : undefined;
      order.ended = false;
    } else if (type === 'protective_order.modified') {
      if (typeof data.noContact === 'boolean') order.noContact = data.noContact;
      if (typeof data.expiresAt === 'string') order.expiresAt = data.expiresAt;
    } else if (type === 'protective_order.expired') {
      order.ended = true;
    }
    orders.set(id, order);
  }
  return [...orders.values()].some(
    (o) => o.noContact && !o.ended && (o.expiresAt === undefined || Date.parse(o.expiresAt) > now.getTime()),
  );
}

/** A registration of the registrant's that chose restorative information (everything, or restorative). */
async function restorativeRegistration(db: Db, registrantId: string, registrationId: string) {
  const registration = await findRegistrationRecord(db, registrationId);
  if (!registration || registration.registrant_id !== registrantId)
    throw new LetterRefused('not_found', 'no such registration of yours');
  if (registration.families.length > 0 && !registration.families.includes('restorative'))
    throw new LetterRefused('policy', 'choose restorative justice information for this registration first');
  return registration;
}

export type LetterView = 'held' | LetterState;

/**
 * The letters held for a registration's case, for a registrant who chose restorative information:
 * nobody else is told a letter exists. `held`: not asked for yet.
 */
export async function lettersOfRegistration(
  deps: Deps,
  registrantId: string,
  registrationId: string,
): Promise<
  {
    letterId: string;
    fromAgencyId: string;
    receivedAt: string;
    state: LetterView;
    withheldReason: string | null;
  }[]
> {
  await restorativeRegistration(deps.db, registrantId, registrationId);
  const refs = await referencesOfRegistration(deps.db, registrationId);
  return (await lettersFor(deps.db, registrationId, refs)).map((l) => ({
    letterId: l.id,
    fromAgencyId: l.agencyId,
    receivedAt: l.receivedAt.toISOString(),
    state: l.state ?? 'held',
    withheldReason: l.withheldReason,
  }));
}

/**
 * The victim asks for a letter. Released at once, unless a no-contact order stands on the case or
 * it is flagged as intimate-partner violence: then an advocate screens it first.
 */
export async function askForApologyLetter(
  deps: Deps,
  actor: string,
  registrantId: string,
  input: z.input<typeof letterRequest>,
): Promise<LetterState> {
  const { letterId, registrationId } = letterRequest.parse(input);
  let refs: { agencyId: string; subjectRef: string }[];
  try {
    await restorativeRegistration(deps.db, registrantId, registrationId);
    refs = await referencesOfRegistration(deps.db, registrationId);
    if (!(await lettersFor(deps.db, registrationId, refs)).some((l) => l.id === letterId))
      throw new LetterRefused('not_found', 'no such letter for your case');
  } catch (error) {
    if (error instanceof LetterRefused)
      await appendAuditRecord(deps.db, {
        actor,
        action: 'letter.request',
        outcome: 'refused',
        reason: `letter ${letterId} for registration ${registrationId}: ${error.message}`,
      });
    throw error;
  }
  const screening =
    noContactOrderStands(await protectiveOrderEvents(deps.db, refs), new Date()) ||
    (await hasCaseFlag(deps.db, refs, 'intimate_partner_violence'));
  const state = await askForLetter(deps.db, letterId, registrationId, screening ? 'screening' : 'released');
  await appendAuditRecord(deps.db, {
    actor,
    action: 'letter.request',
    outcome: 'recorded',
    reason: `letter ${letterId} for registration ${registrationId}: ${state}`,
  });
  return state;
}

/** An advocate's screening of a letter waiting while a no-contact order stands. */
export async function screenApologyLetter(
  deps: Pick<Deps, 'db'>,
  actor: string,
  input: z.input<typeof letterScreening>,
): Promise<LetterState> {
  const screening = letterScreening.parse(input);
  if (screening.decision === 'withhold' && !screening.reason)
    throw new LetterRefused('policy', 'say why it is withheld (reason)');
  const state = screening.decision === 'release' ? 'released' : 'withheld';
  if (!(await decideLetter(deps.db, { ...screening, state, by: actor, reason: screening.reason })))
    throw new LetterRefused('not_found', 'no letter waits for screening for that registration');
  await appendAuditRecord(deps.db, {
    actor,
    action: 'letter.screen',
    outcome: 'recorded',
    reason: `letter ${screening.letterId} for registration ${screening.registrationId}: ${state}${screening.reason ? ` (${screening.reason})` : ''}`,
  });
  return state;
}

/** A file is what it says it is: its first bytes, not its name or the type claimed. */
function looksLike(type: string, bytes: Buffer): boolean {
  if (type === 'application/pdf') return bytes.subarray(0, 5).toString('latin1') === '%PDF-';
  if (type === 'image/png')
    return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** A letter released to this registration of the registrant's: its words, or its scan. */
export async function readApologyLetter(
  deps: Deps,
  actor: string,
  registrantId: string,
  input: z.input<typeof letterRequest>,
): Promise<{ text: string } | { scan: { type: string; base64: string } }> {
  const { letterId, registrationId } = letterRequest.parse(input);
  await restorativeRegistration(deps.db, registrantId, registrationId);
  const letter = await openReleasedLetter(deps.db, deps.keyring, letterId, registrationId);
  if (letter === undefined) throw new LetterRefused('not_found', 'no letter released to you with that id');
  await appendAuditRecord(deps.db, {
    actor,
    action: 'letter.read',
    outcome: 'recorded',
    reason: `letter ${letterId} read for registration ${registrationId}`,
  });
  return letter.scanType
    ? { scan: { type: letter.scanType, base64: letter.content } }
    : { text: letter.content };
}
