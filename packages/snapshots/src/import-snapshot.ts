import type { Readable } from 'node:stream';
import {
  applySnapshot,
  type Db,
  failSnapshotImport,
  findAgency,
  findSnapshotMapping,
  recordSnapshotRejections,
  type StagedItem,
  stageSnapshotItems,
  startSnapshotImport,
} from '@switchboard/db';
import { catalogue } from '@switchboard/events';
import { eventsOfChanges } from './changes';
import {
  type SnapshotFeed,
  type SnapshotMapping,
  type SnapshotMappingInput,
  snapshotMapping,
} from './mapping';
import { MappingMismatch, type RowRejection, readSnapshot } from './read-snapshot';

/** The import cannot start or cannot read the file at all; nothing was changed. */
export class SnapshotRefused extends Error {
  override readonly name = 'SnapshotRefused';
}

export interface ImportProgress {
  phase: 'reading' | 'diffing';
  rowsRead: number;
  rowsRejected: number;
  /** While diffing: differences worked through so far. */
  changes?: number;
}

export interface ImportSummary {
  importId: string;
  /** The feed's first snapshot: it is what later ones are compared with, and tells nobody anything. */
  baseline: boolean;
  rowsRead: number;
  rowsRejected: number;
  changes: number;
  eventsEmitted: number;
  /**
   * Items of the previous snapshot missing from this file, kept rather than taken as gone because
   * some rows could not be read at all (one of them may have been the item).
   */
  keptMissing: number;
  /** Rows the deletions file listed, and how many of them this file still had (taken out). */
  deleted: number;
  removed: number;
  /** The first hundred rejected rows, by line (all are kept with the import). */
  rejections: RowRejection[];
}

const BATCH = 500;
const KEPT_REJECTIONS = 10_000;
const feedEvent: Record<SnapshotFeed, keyof typeof catalogue> = {
  custody_roster: 'custody.booked',
  court_calendar: 'court.hearing_scheduled',
};

/** An agency's mapping for a feed, checked before it is kept. */
export function parseSnapshotMapping(feed: SnapshotFeed, input: unknown): SnapshotMapping {
  const parsed = snapshotMapping.safeParse({ ...(input as object), feed });
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'mapping'}: ${issue.message}`,
    );
    throw new SnapshotRefused(`the ${feed} mapping is not valid: ${lines.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Reads a whole roster or calendar as the agency's mapping says, a batch at a time (memory stays
 * flat whatever the file's size), diffs it against the previous snapshot and stores exactly the
 * events the differences mean; ingest's dispatcher then starts their workflows, under the same burst
 * protection as published events. Rows that cannot be read, are impossible or repeat an earlier
 * row's key are rejected by line; the rest go on.
 */
export async function importSnapshot(
  deps: { db: Db },
  request: {
    agencyId: string;
    feed: SnapshotFeed;
    source: Readable | AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
    /** When the agency took the snapshot; the time of the events it gives. Defaults to now. */
    takenAt?: Date;
    /** Overrides the agency's stored mapping for this file. */
    mapping?: SnapshotMappingInput | Record<string, unknown>;
    /**
     * The feed's deletions file, in the same layout: the rows it lists are taken out of this
     * snapshot (a future hearing deleted is a hearing cancelled), whether or not the file has them.
     */
    deletions?: Readable | AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
    onProgress?: (progress: ImportProgress) => void;
  },
): Promise<ImportSummary> {
  const { db } = deps;
  const { agencyId, feed, onProgress } = request;
  const takenAt = request.takenAt ?? new Date();
  const agency = await findAgency(db, agencyId);
  if (!agency) throw new SnapshotRefused(`agency "${agencyId}" is not registered with this hub`);
  if (agency.status !== 'active') throw new SnapshotRefused(`agency ${agencyId} is suspended`);
  const publishers: readonly string[] = catalogue[feedEvent[feed]].publishedBy;
  if (!publishers.includes(agency.kind)) {
    throw new SnapshotRefused(`a ${agency.kind} does not keep a ${feed.replace('_', ' ')}`);
  }
  const stored = request.mapping ?? (await findSnapshotMapping(db, agencyId, feed));
  if (!stored) {
    throw new SnapshotRefused(
      `agency ${agencyId} has no mapping for its ${feed.replace('_', ' ')}: set one first (switchboard snapshot mapping)`,
    );
  }
  const mapping = parseSnapshotMapping(feed, stored);

  // Read first and kept in memory: a deletions file lists a day's few removals, not the calendar.
  const deleted = new Set<string>();
  if (request.deletions) {
    try {
      for await (const row of readSnapshot(request.deletions, mapping, takenAt)) {
        const key = 'item' in row ? row.item.itemKey : row.rejection.itemKey;
        if (key !== undefined) deleted.add(key);
      }
    } catch (error) {
      if (error instanceof MappingMismatch) throw new SnapshotRefused(`the deletions file: ${error.message}`);
      throw error;
    }
  }

  const run = await startSnapshotImport(db, agencyId, feed);
  let removed = 0;
  let rowsRead = 0;
  let rowsRejected = 0;
  const firstRejections: RowRejection[] = [];
  const reject = async (rejections: RowRejection[]) => {
    if (rejections.length === 0) return;
    const keep = Math.max(0, Math.min(rejections.length, KEPT_REJECTIONS - rowsRejected));
    rowsRejected += rejections.length;
    for (const rejection of rejections) if (firstRejections.length < 100) firstRejections.push(rejection);
    await recordSnapshotRejections(db, run.id, rejections.slice(0, keep));
  };
  try {
    let items: StagedItem[] = [];
    let rejections: RowRejection[] = [];
    let uncertain = false;
    const flush = async () => {
      const duplicates = await stageSnapshotItems(db, run.id, items);
      const alreadyRejected = new Set(rejections.map((rejection) => rejection.line));
      await reject([
        ...rejections,
        ...duplicates
          .filter(({ line }) => !alreadyRejected.has(line))
          .map(({ line, firstLine }) => ({
            line,
            reason: `repeats the row on line ${firstLine} (same ${feed === 'custody_roster' ? 'subjectRef' : 'hearing'})`,
          })),
      ]);
      items = [];
      rejections = [];
      onProgress?.({ phase: 'reading', rowsRead, rowsRejected });
    };
    for await (const row of readSnapshot(request.source, mapping, takenAt)) {
      rowsRead++;
      const key = 'item' in row ? row.item.itemKey : row.rejection.itemKey;
      if (key !== undefined && deleted.has(key)) {
        removed++;
        continue;
      }
      if ('item' in row) {
        items.push(row.item as unknown as StagedItem);
      } else {
        rejections.push(row.rejection);
        // Rejected, but known to be in the file: not gone. Unknown: anything missing might be it.
        if (row.rejection.itemKey === undefined) uncertain = true;
        else {
          const { line, itemKey } = row.rejection;
          items.push({ line, itemKey, subjectRef: '', fields: {}, digest: '', kept: true });
        }
      }
      if (items.length + rejections.length >= BATCH) await flush();
    }
    await flush();

    const counter = { next: 1 };
    const applied = await applySnapshot(
      db,
      {
        importId: run.id,
        agencyId,
        feed,
        baseline: run.baseline,
        rowsRead,
        rowsRejected,
        keepMissing: uncertain,
        continuances: mapping.feed === 'court_calendar' && mapping.continuances,
      },
      (changes) => eventsOfChanges({ importId: run.id, agencyId, feed, takenAt }, changes, counter),
      (changes) => onProgress?.({ phase: 'diffing', rowsRead, rowsRejected, changes }),
    );
    return {
      importId: run.id,
      baseline: run.baseline,
      rowsRead,
      rowsRejected,
      changes: applied.changes,
      eventsEmitted: applied.eventsEmitted,
      keptMissing: applied.keptMissing,
      deleted: deleted.size,
      removed,
      rejections: firstRejections.sort((a, b) => a.line - b.line),
    };
  } catch (error) {
    await failSnapshotImport(db, run.id, (error as Error).message);
    if (error instanceof MappingMismatch) throw new SnapshotRefused(error.message);
    throw error;
  }
}
