import type { Migration } from 'kysely';
import * as foundation from './2026-11-21-0001-foundation';

/** Listed explicitly (not read from disk) so migrations run the same under tsx, vitest and a bundle. */
export const migrations: Record<string, Migration> = {
  '2026-11-21-0001-foundation': foundation,
};
