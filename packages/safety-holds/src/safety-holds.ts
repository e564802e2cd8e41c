import {
  appendAuditRecord,
  type Db,
  releaseSafetyHold as endHold,
  renewSafetyHold as extendHold,
  findSafetyHold,
  type SafetyHold,
  saveSafetyHold,
} from '@switchboard/db';
import { caseEventEnvelope } from '@switchboard/events';
import { z } from 'zod';

/**
 * Why a notice may be held back (18 U.S.C. 3771(c)(3): information kept from a victim only where
 * telling would endanger someone). A fixed list, so every hold says which, and nothing personal is
 * typed into a free-text box.
 */
export const holdReasons = [
  'endangers_victim',
  'endangers_another_person',
  'law_enforcement_operation',
  'information_being_verified',
] as const;
export type HoldReason = (typeof holdReasons)[number];

const reason = z.enum(holdReasons, {
  error: `say why, with one of: ${holdReasons.join(', ')}`,
});

/** How long a hold lasts unless its end is given. */
export const DEFAULT_HOLD_HOURS = 72;

export const placeHoldInput = z.object({
  /** The publishing agency; an agency's own call may leave it out. */
  agencyId: z.string().min(1).max(64).optional(),
  /** The agency's event id, published or about to be: a hold may come first. */
  eventId: caseEventEnvelope.shape.id,
  /** Only these registrations' notices; everyone's when left out. */
  registrationIds: z.array(z.uuid()).min(1).max(1000).optional(),
  reason,
  /** When the hold lapses and the notices go, unless it is renewed; 72 hours unless given. */
  until: z.coerce.date().optional(),
});
export type PlaceHoldInput = z.input<typeof placeHoldInput>;

export const renewHoldInput = z.object({
  holdId: z.uuid(),
  until: z.coerce.date(),
  reason,
});

/** A hold that cannot be placed, renewed or released as asked; the message says why. */
export class SafetyHoldRefused extends Error {
  override readonly name = 'SafetyHoldRefused';
  constructor(
    readonly code: 'not_found' | 'policy',
    message: string,
  ) {
    super(message);
  }
}

export interface HoldDeps {
  db: Db;
  /** The longest a hold may run from the moment it is placed or renewed. */
  maxHours: number;
}

/** The words of the audit record: identifiers, the listed reason and times; never a person. */
const describe = (hold: Pick<SafetyHold, 'agencyId' | 'eventId' | 'registrationIds'>) =>
  `${hold.agencyId}/${hold.eventId} for ${hold.registrationIds ? `registrations ${hold.registrationIds.join(', ')}` : 'everyone'}`;

function checkEnd(deps: HoldDeps, until: Date, now: Date): void {
  if (until <= now) throw new SafetyHoldRefused('policy', 'the end of a hold must be in the future');
  if (until.getTime() - now.getTime() > deps.maxHours * 3_600_000)
    throw new SafetyHoldRefused(
      'policy',
      `a hold may last at most ${deps.maxHours} hours from now; renew it with a reason before it ends`,
    );
}

/**
 * Holds back the notices of one event of `agencyId`, for everyone or for named registrations of that
 * agency, until `until`. Audited with who and why; a refusal is audited too and changes nothing.
 */
export async function placeSafetyHold(
  deps: HoldDeps,
  actor: string,
  agencyId: string,
  input: PlaceHoldInput,
  now = new Date(),
): Promise<SafetyHold> {
  const parsed = placeHoldInput.parse(input);
  const until = parsed.until ?? new Date(now.getTime() + DEFAULT_HOLD_HOURS * 3_600_000);
  const target = { agencyId, eventId: parsed.eventId, registrationIds: parsed.registrationIds ?? null };
  try {
    checkEnd(deps, until, now);
    if (parsed.registrationIds) {
      const known = await deps.db
        .selectFrom('registration')
        .select('id')
        .where('id', 'in', parsed.registrationIds)
        .where('agency_id', '=', agencyId)
        .execute();
      const missing = parsed.registrationIds.filter((id) => !known.some((k) => k.id === id));
      if (missing.length)
        throw new SafetyHoldRefused(
          'policy',
          `not registrations for ${agencyId}'s references: ${missing.join(', ')}`,
        );
    }
  } catch (error) {
    if (error instanceof SafetyHoldRefused)
      await appendAuditRecord(deps.db, {
        actor,
        action: 'safetyHold.place',
        outcome: 'refused',
        reason: `${describe(target)}: ${error.message}`,
      });
    throw error;
  }
  const hold = await saveSafetyHold(deps.db, {
    ...target,
    reason: parsed.reason,
    placedBy: actor,
    endsAt: until,
  });
  await appendAuditRecord(deps.db, {
    actor,
    action: 'safetyHold.place',
    outcome: 'recorded',
    reason: `hold ${hold.id}: ${describe(hold)} until ${until.toISOString()}; reason ${parsed.reason}`,
  });
  return hold;
}

/** The hold, if `agencyId` (when given: an agency acting on its own) may act on it. */
export async function holdOf(db: Db, holdId: string, agencyId?: string): Promise<SafetyHold> {
  const hold = await findSafetyHold(db, holdId);
  if (!hold || (agencyId !== undefined && hold.agencyId !== agencyId))
    throw new SafetyHoldRefused('not_found', `no hold ${holdId}${agencyId ? ` of ${agencyId}` : ''}`);
  return hold;
}

/** Keeps a hold in force until a new end, with the reason it is still needed. */
export async function renewSafetyHold(
  deps: HoldDeps,
  actor: string,
  hold: SafetyHold,
  input: z.input<typeof renewHoldInput>,
  now = new Date(),
): Promise<void> {
  const parsed = renewHoldInput.parse(input);
  checkEnd(deps, parsed.until, now);
  if (!(await extendHold(deps.db, hold.id, parsed.until, now))) {
    await appendAuditRecord(deps.db, {
      actor,
      action: 'safetyHold.renew',
      outcome: 'refused',
      reason: `hold ${hold.id}: it was released or has lapsed; its notices have gone`,
    });
    throw new SafetyHoldRefused(
      'policy',
      `hold ${hold.id} was released or has lapsed: its notices have gone`,
    );
  }
  await appendAuditRecord(deps.db, {
    actor,
    action: 'safetyHold.renew',
    outcome: 'recorded',
    reason: `hold ${hold.id}: ${describe(hold)} until ${parsed.until.toISOString()}; reason ${parsed.reason}`,
  });
}

/** A supervisor ends a hold now: its notices go. */
export async function releaseSafetyHold(
  deps: Pick<HoldDeps, 'db'>,
  actor: string,
  hold: SafetyHold,
): Promise<void> {
  if (!(await endHold(deps.db, hold.id, actor)))
    throw new SafetyHoldRefused('policy', `hold ${hold.id} was already released or has lapsed`);
  await appendAuditRecord(deps.db, {
    actor,
    action: 'safetyHold.release',
    outcome: 'recorded',
    reason: `hold ${hold.id}: ${describe(hold)} released`,
  });
}

/** Where a hold stands, as the people managing it see it. */
export function holdState(hold: SafetyHold, now = new Date()): 'in_force' | 'released' | 'lapsed' {
  if (hold.releasedAt) return 'released';
  return hold.endsAt > now ? 'in_force' : 'lapsed';
}
