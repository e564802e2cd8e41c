import { z } from 'zod';
import { instant, place, reference } from './shared';

export const hearingTypes = [
  'arraignment',
  'bail',
  'preliminary',
  'plea',
  'trial',
  'sentencing',
  'probation_violation',
  'restitution',
  'status',
  'other',
] as const;

export const hearingScheduledV1 = z.strictObject({
  hearingId: reference,
  hearingType: z.enum(hearingTypes),
  scheduledFor: instant,
  court: place,
  courtroom: z.string().min(1).max(40).optional(),
  victimMayBeHeard: z.boolean().default(false),
});

export const hearingRescheduledV1 = z.strictObject({
  hearingId: reference,
  previouslyScheduledFor: instant,
  scheduledFor: instant,
  court: place,
  courtroom: z.string().min(1).max(40).optional(),
});

export const hearingCancelledV1 = z.strictObject({
  hearingId: reference,
  previouslyScheduledFor: instant,
  /** A hearing that vanished from a court's calendar file, rather than one marked cancelled in it. */
  removedFromCalendar: z.boolean().optional(),
});

export const hearingOutcomeV1 = z.strictObject({
  hearingId: reference,
  outcome: z.enum([
    'held',
    'continued',
    'plea_entered',
    'found_guilty',
    'found_not_guilty',
    'mistrial',
    'other',
  ]),
});

export const sentenceImposedV1 = z.strictObject({
  imposedAt: instant,
  court: place,
  custodyMonths: z.number().int().min(0).max(12_000).optional(),
  probationMonths: z.number().int().min(0).max(1_200).optional(),
});

export const caseDismissedV1 = z.strictObject({
  dismissedAt: instant,
  court: place,
  withPrejudice: z.boolean(),
});
