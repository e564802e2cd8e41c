import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { expectHeartbeat, type FeedWatchDeps, feedHealth } from '@switchboard/agencies';
import { type Db, listBurstHolds, listHeldEvents, saveSnapshotMapping } from '@switchboard/db';
import {
  type ImportProgress,
  importSnapshot,
  parseSnapshotMapping,
  type SnapshotFeed,
  SnapshotRefused,
  snapshotFeeds,
} from '@switchboard/snapshots';
import type { pendingMatches } from '@switchboard/subjects';
import { callHub, HubRefused } from './hub-session';
import { UsageError } from './publish';

export const feedsUsage = `switchboard snapshot | hold | feed | subject ...

  snapshot mapping <agency> <feed> <mapping.json>   keep the agency's column mapping for a feed
  snapshot import <file> --agency <id> --feed <feed> [--taken-at <ISO time>] [--deletions <file>]
                                 import a whole roster or calendar: progress, then rows read,
                                 rows rejected (line and reason) and events emitted
  hold list [--all]              burst holds waiting for a decision (--all: decided ones too)
  hold show <hold id>            the events a hold keeps back (references and types)
  hold release <hold id> --reason <why>   the burst is real: tell victims now (a supervisor)
  hold discard <hold id> --reason <why>   the burst is bad data: nobody is told
  feed health [<agency>]         each feed's expectation, health and when it last spoke
  feed expect <agency> <seconds|off>   how often the agency's feed must speak; watched from now on
  subject link <agency> <ref> <other agency> <other ref> --reason <why>   the two references are one person
  subject matches                unsure name matches waiting for review
  subject decide <match id> link|reject --reason <why>

Holds and subjects are decided by people: as the coordinator (or supervisor) signed in with
\`switchboard staff sign-in\`, through the hub, with a reason that goes to the audit trail.

Feeds: ${snapshotFeeds.join(', ')}.`;

export interface FeedsDeps {
  db: Db;
  print: (line: string) => void;
  /** Progress goes here (stderr), so the report on stdout stays clean. */
  progress: (line: string, final?: boolean) => void;
  watch: () => Promise<FeedWatchDeps & { close(): Promise<void> }>;
}

const feedOf = (name: string | undefined): SnapshotFeed => {
  if (!name || !(snapshotFeeds as readonly string[]).includes(name)) {
    throw new UsageError(`--feed must be one of: ${snapshotFeeds.join(', ')}`);
  }
  return name as SnapshotFeed;
};

export async function runFeedsCommand(
  deps: FeedsDeps,
  command: string,
  args: string[],
  values: {
    agency?: string;
    feed?: string;
    'taken-at'?: string;
    deletions?: string;
    reason?: string;
    all?: boolean;
  },
): Promise<number> {
  const { db, print } = deps;
  const [action, ...rest] = args;
  const reason = () => {
    if (!values.reason?.trim()) throw new UsageError('say why with --reason "…": it goes to the audit trail');
    return values.reason;
  };
  /** A person's decision, through the hub as the signed-in caller; the hub's refusal is printed. */
  const decide = async (procedure: string, input: unknown, done: string): Promise<number> => {
    try {
      await callHub(procedure, 'mutation', input);
      print(done);
      return 0;
    } catch (error) {
      if (!(error instanceof HubRefused)) throw error;
      print(`switchboard: ${error.message}`);
      return 1;
    }
  };
  switch (`${command} ${action}`) {
    case 'snapshot mapping': {
      const [agencyId, feed, file] = rest;
      if (!agencyId || !file) throw new UsageError(feedsUsage);
      const mapping = parseSnapshotMapping(feedOf(feed), JSON.parse(await readFile(file, 'utf8')));
      await saveSnapshotMapping(db, agencyId, mapping.feed, mapping);
      print(`mapping for ${agencyId}'s ${mapping.feed} saved`);
      return 0;
    }
    case 'snapshot import': {
      const [file] = rest;
      if (!file || !values.agency) throw new UsageError(feedsUsage);
      const takenAt = values['taken-at'] ? new Date(values['taken-at']) : undefined;
      if (takenAt && Number.isNaN(takenAt.getTime()))
        throw new UsageError('--taken-at must be an ISO date-time');
      const size = (await stat(file)).size;
      const source = createReadStream(file);
      const started = Date.now();
      const report = (p: ImportProgress) => {
        const read = `${p.rowsRead.toLocaleString('en')} rows read, ${p.rowsRejected.toLocaleString('en')} rejected`;
        const percent = Math.min(100, Math.round((source.bytesRead / Math.max(1, size)) * 100));
        deps.progress(
          p.phase === 'reading'
            ? `reading ${file}: ${percent}% — ${read}`
            : `comparing with the previous snapshot: ${p.changes?.toLocaleString('en')} differences — ${read}`,
        );
      };
      const summary = await importSnapshot(
        { db },
        {
          agencyId: values.agency,
          feed: feedOf(values.feed),
          source,
          takenAt,
          onProgress: report,
          ...(values.deletions && { deletions: createReadStream(values.deletions) }),
        },
      );
      deps.progress('', true);
      for (const rejection of summary.rejections) print(`line ${rejection.line}: ${rejection.reason}`);
      if (summary.rowsRejected > summary.rejections.length) {
        print(
          `… and ${summary.rowsRejected - summary.rejections.length} more (switchboard keeps them with import ${summary.importId})`,
        );
      }
      print(
        `rows read: ${summary.rowsRead}, rows rejected: ${summary.rowsRejected}, events emitted: ${summary.eventsEmitted}` +
          (summary.baseline ? ' (first snapshot of this feed: the baseline, nobody is told)' : '') +
          (summary.deleted > 0
            ? ` (deletions file: ${summary.deleted} listed, ${summary.removed} of them taken out of this file)`
            : '') +
          (summary.keptMissing > 0
            ? ` (${summary.keptMissing} missing from the file kept as they were: some rows could not be read at all)`
            : '') +
          ` — import ${summary.importId}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      return 0;
    }
    case 'hold list': {
      const holds = await listBurstHolds(db, values.all ? {} : { status: 'held' });
      if (holds.length === 0) print(values.all ? 'no burst holds' : 'no burst holds waiting');
      for (const hold of holds) {
        const types = Object.entries(hold.byType)
          .map(([type, n]) => `${n} ${type}`)
          .join(', ');
        print(
          `${hold.id}  ${hold.agency_id}  ${hold.status}  ${hold.events} events (${types}) — ${hold.reason}`,
        );
      }
      return 0;
    }
    case 'hold show': {
      const [holdId] = rest;
      if (!holdId) throw new UsageError(feedsUsage);
      for (const event of await listHeldEvents(db, holdId, 1000)) {
        print(
          `${event.event_id}  ${event.type}  ${event.subject_ref}  ${event.occurred_at.toISOString()}  ${event.origin}`,
        );
      }
      return 0;
    }
    case 'hold release':
    case 'hold discard': {
      const [holdId] = rest;
      if (!holdId) throw new UsageError(feedsUsage);
      return action === 'release'
        ? decide(
            'feed.releaseHold',
            { holdId, reason: reason() },
            `hold ${holdId} released: its events go to victims now`,
          )
        : decide(
            'feed.discardHold',
            { holdId, reason: reason() },
            `hold ${holdId} discarded: nobody will be told of its events`,
          );
    }
    case 'feed health': {
      for (const feed of await feedHealth({ db }, rest[0])) {
        print(
          `${feed.agencyId}  ${feed.health}` +
            (feed.heartbeatSeconds ? `  every ${feed.heartbeatSeconds}s` : '') +
            `  last heard ${feed.lastHeardAt ?? 'never'}`,
        );
      }
      return 0;
    }
    case 'feed expect': {
      const [agencyId, every] = rest;
      const seconds = every === 'off' ? null : Number(every);
      if (!agencyId || (seconds !== null && !(Number.isInteger(seconds) && seconds > 0))) {
        throw new UsageError('feed expect <agency> <seconds|off>');
      }
      const watch = await deps.watch();
      try {
        await expectHeartbeat(watch, agencyId, seconds);
      } finally {
        await watch.close();
      }
      print(
        seconds === null
          ? `${agencyId}'s feed is no longer watched`
          : `${agencyId}'s feed must speak every ${seconds}s; watched from now on`,
      );
      return 0;
    }
    case 'subject link': {
      const [agencyId, subjectRef, otherAgency, otherRef] = rest;
      if (!agencyId || !subjectRef || !otherAgency || !otherRef) throw new UsageError(feedsUsage);
      return decide(
        'subject.link',
        { agencyId, subjectRef, sameAs: { agencyId: otherAgency, subjectRef: otherRef }, reason: reason() },
        `${agencyId} ${subjectRef} and ${otherAgency} ${otherRef} are one person`,
      );
    }
    case 'subject matches': {
      const matches = (await callHub('subject.matches', 'query')) as Awaited<
        ReturnType<typeof pendingMatches>
      >;
      if (matches.length === 0) print('no matches waiting for review');
      for (const m of matches) {
        print(
          `${m.id}  ${m.subject.agencyId} ${m.subject.subjectRef} ~ ${m.other.agencyId} ${m.other.subjectRef}  ${m.basis} (${m.confidence})`,
        );
      }
      return 0;
    }
    case 'subject decide': {
      const [matchId, decision] = rest;
      if (!matchId || (decision !== 'link' && decision !== 'reject')) throw new UsageError(feedsUsage);
      return decide(
        'subject.decideMatch',
        { matchId, decision, reason: reason() },
        `match ${matchId}: ${decision === 'link' ? 'linked' : 'rejected'}`,
      );
    }
    default:
      throw new UsageError(feedsUsage);
  }
}

export { SnapshotRefused };
