import type { z } from 'zod';
import type { AgencyKind } from './agency';
import { custodyReleasedV1 } from './types/custody-released';

/** Drives channel escalation and quiet hours downstream. */
export type Urgency = 'urgent' | 'high' | 'normal' | 'info';

export interface CatalogueEntry {
  type: string;
  version: number;
  urgency: Urgency;
  publishedBy: readonly AgencyKind[];
  data: z.ZodType;
  /** One line a coordinator reads in Temporal UI; identifiers only. */
  title: string;
}

/** Adding a type or a version is one entry here plus its schema file under types/. */
const entries: CatalogueEntry[] = [
  {
    type: 'custody.released',
    version: 1,
    urgency: 'high',
    publishedBy: ['police', 'jail', 'prison'],
    data: custodyReleasedV1,
    title: 'Custody release',
  },
];

const byKey = new Map(entries.map((entry) => [`${entry.type}@${entry.version}`, entry]));

export function catalogueEntry(type: string, version: number): CatalogueEntry | undefined {
  return byKey.get(`${type}@${version}`);
}

export function isCatalogueType(type: string): boolean {
  return entries.some((entry) => entry.type === type);
}

export const catalogueTypes = (): string[] => [...new Set(entries.map((entry) => entry.type))];
