import {
  authenticateAgency,
  discloseToAgency,
  issueConsentToken,
  MAX_TOKEN_BYTES,
  Refusal,
} from '@switchboard/consent';
import { appendAuditRecord, listGrantsToAgency } from '@switchboard/db';
import { importSnapshot, type SnapshotFeed, SnapshotRefused, snapshotFeeds } from '@switchboard/snapshots';
import {
  describeSubject,
  linkSubjectReferences,
  SubjectLinkRefused,
  subjectDescription,
  subjectLink,
} from '@switchboard/subjects';
import type { z } from 'zod';
import { type ApiContext, tokenSettings } from './trpc';

/** A body holds one consent token and a few field names: far less than this. */
export const MAX_DISCLOSURE_BODY_BYTES = 4 * MAX_TOKEN_BYTES;

export interface ExchangeAnswer {
  status: number;
  body: unknown;
}

const STATUS: Partial<Record<Refusal['code'], number>> = {
  malformed: 400,
  too_large: 413,
  field_not_granted: 403,
  not_in_force: 403,
  regime: 403,
};

function refused(error: unknown): ExchangeAnswer {
  if (!(error instanceof Refusal)) throw error;
  // Assertion problems are 401; consent problems 403; either way the reason, never a registrant.
  return { status: STATUS[error.code] ?? 401, body: { error: error.message, code: error.code } };
}

/** POST /disclosures: `{ consentToken, fields? }` with the agency's client assertion as bearer. */
export async function disclosure(ctx: ApiContext, assertion: string | undefined, body: string | undefined) {
  let parsed: Record<string, unknown>;
  try {
    if (body === undefined)
      throw new Refusal('too_large', `the body is larger than ${MAX_DISCLOSURE_BODY_BYTES} bytes`);
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Refusal(
        'malformed',
        'the body must be a JSON object: { "consentToken": "…", "fields": [ … ] }',
      );
    }
    parsed = value as Record<string, unknown>;
  } catch (error) {
    const refusal = error instanceof Refusal ? error : new Refusal('malformed', 'the body is not valid JSON');
    await appendAuditRecord(ctx.db, {
      actor: 'unauthenticated',
      action: 'disclosure.read',
      outcome: 'refused',
      reason: `${refusal.code}: ${refusal.message}`,
    });
    return refused(refusal);
  }
  try {
    const answer = await discloseToAgency(
      {
        db: ctx.db,
        agencies: ctx.consent.agencies,
        keyring: ctx.keyring,
        tokens: tokenSettings(ctx),
      },
      { assertion, consentToken: parsed.consentToken, fields: parsed.fields },
    );
    return { status: 200, body: answer };
  } catch (error) {
    return refused(error);
  }
}

/** GET /consent-tokens: a fresh token for every grant in force addressed to the calling agency. */
export async function consentTokens(ctx: ApiContext, assertion: string | undefined): Promise<ExchangeAnswer> {
  let agencyId: string;
  try {
    ({ agencyId } = await authenticateAgency(ctx.db, ctx.consent.agencies, ctx.publicUrl, assertion));
  } catch (error) {
    if (error instanceof Refusal) {
      await appendAuditRecord(ctx.db, {
        actor: 'unauthenticated',
        action: 'consent.token',
        outcome: 'refused',
        reason: `${error.code}: ${error.message}`,
      });
    }
    return refused(error);
  }
  const tokens = [];
  for (const grant of await listGrantsToAgency(ctx.db, agencyId)) {
    const issued = await issueConsentToken(ctx.db, tokenSettings(ctx), grant, agencyId);
    tokens.push({
      consentId: grant.id,
      caseRef: grant.case_ref,
      purpose: grant.purpose,
      fields: grant.fields,
      token: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
    });
  }
  return { status: 200, body: { tokens } };
}

/** Rows per POST /subjects: a roster goes in batches. */
export const MAX_SUBJECTS_PER_CALL = 1000;

/**
 * POST /subjects: `{ subjects: [{ subjectRef, givenName, familyName, birthDate }, …] }` with the
 * agency's client assertion as bearer. Says who the agency's references are, so victims can find
 * them by name and date of birth. Each row stands alone: a bad one is named (index and reason) and
 * the rest are kept.
 */
export async function describeSubjects(
  ctx: ApiContext,
  assertion: string | undefined,
  body: string | undefined,
): Promise<ExchangeAnswer> {
  // Links made and matches queued for review: counts only, nothing about whom they concern.
  return rowByRow(
    ctx,
    assertion,
    body,
    'subjects',
    subjectDescription,
    { recorded: 0, linked: 0, queued: 0 },
    async (agencyId, row) => {
      const matched = await describeSubject(
        { db: ctx.db, keyring: ctx.keyring, linkConfidence: ctx.feeds.linkConfidence },
        agencyId,
        row,
      );
      return { recorded: 1, ...matched };
    },
  );
}

/** A row refused on its own merits; the others go on. */
class RowRefused extends Error {}

/**
 * The shape every agency batch shares: the caller's client assertion, a JSON body `{ <list>: [ … ] }`
 * of at most MAX_SUBJECTS_PER_CALL rows, each checked and handled on its own; a bad row is named by
 * index and reason (answer 207) and the rest are kept. The answer sums what the rows counted.
 */
async function rowByRow<T, C extends Record<string, number>>(
  ctx: ApiContext,
  assertion: string | undefined,
  body: string | undefined,
  list: string,
  schema: z.ZodType<T>,
  counts: C,
  each: (agencyId: string, row: T) => Promise<Partial<C>>,
): Promise<ExchangeAnswer> {
  const caller = await callingAgency(ctx, assertion);
  if ('refusal' in caller) return caller.refusal;
  const { agencyId } = caller;
  let rows: unknown[];
  try {
    const value = JSON.parse(body ?? '') as Record<string, unknown>;
    const found = value?.[list];
    if (!Array.isArray(found)) throw new Error('no list');
    rows = found;
  } catch {
    return { status: 400, body: { error: `the body must be JSON: { "${list}": [ … ] }` } };
  }
  if (rows.length > MAX_SUBJECTS_PER_CALL) {
    return { status: 413, body: { error: `at most ${MAX_SUBJECTS_PER_CALL} ${list} per call` } };
  }
  const rejected: { index: number; error: string }[] = [];
  const totals: Record<string, number> = { ...counts };
  for (const [index, row] of rows.entries()) {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      rejected.push({
        index,
        error: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
      continue;
    }
    try {
      const counted = await each(agencyId, parsed.data);
      for (const [name, n] of Object.entries(counted)) totals[name] = (totals[name] ?? 0) + (n ?? 0);
    } catch (error) {
      if (!(error instanceof RowRefused)) throw error;
      rejected.push({ index, error: error.message });
    }
  }
  return { status: rejected.length === 0 ? 200 : 207, body: { ...totals, rejected } };
}

/**
 * POST /snapshots/<feed>?takenAt=<ISO>: a whole custody roster or court calendar (CSV or TSV, as
 * the agency's mapping says), with the agency's client assertion as bearer. Streamed through the
 * import as it arrives; the answer is the import's report: rows read, rows rejected (with lines
 * and reasons), events emitted.
 */
export async function receiveSnapshot(
  ctx: ApiContext,
  assertion: string | undefined,
  feed: string,
  takenAtParam: string | null,
  body: AsyncIterable<Buffer>,
): Promise<ExchangeAnswer> {
  const caller = await callingAgency(ctx, assertion);
  if ('refusal' in caller) return caller.refusal;
  const { agencyId } = caller;
  if (!(snapshotFeeds as readonly string[]).includes(feed)) {
    return { status: 404, body: { error: `no such feed "${feed}": ${snapshotFeeds.join(' or ')}` } };
  }
  const takenAt = takenAtParam ? new Date(takenAtParam) : new Date();
  if (Number.isNaN(takenAt.getTime()))
    return { status: 400, body: { error: '"takenAt" must be an ISO date-time' } };
  try {
    const summary = await importSnapshot(ctx, {
      agencyId,
      feed: feed as SnapshotFeed,
      source: body,
      takenAt,
    });
    return { status: 200, body: summary };
  } catch (error) {
    if (error instanceof SnapshotRefused) return { status: 422, body: { error: error.message } };
    throw error;
  }
}

/**
 * POST /subject-links: `{ links: [{ subjectRef, sameAs: { agencyId, subjectRef } }] }`, client
 * assertion as bearer: the caller's references are the same people as another agency's. Row by row,
 * like /subjects.
 */
export async function linkSubjectsOverHttp(
  ctx: ApiContext,
  assertion: string | undefined,
  body: string | undefined,
): Promise<ExchangeAnswer> {
  const counts = { linked: 0, proposed: 0 };
  return rowByRow(ctx, assertion, body, 'links', subjectLink, counts, async (agencyId, row) => {
    try {
      return { [await linkSubjectReferences(ctx, agencyId, row)]: 1 };
    } catch (error) {
      if (error instanceof SubjectLinkRefused) throw new RowRefused(error.message);
      throw error;
    }
  });
}

/** The agency a client assertion authenticates, or the answer that refuses it. */
async function callingAgency(
  ctx: ApiContext,
  assertion: string | undefined,
): Promise<{ agencyId: string } | { refusal: ExchangeAnswer }> {
  try {
    return {
      agencyId: (await authenticateAgency(ctx.db, ctx.consent.agencies, ctx.publicUrl, assertion)).agencyId,
    };
  } catch (error) {
    return { refusal: refused(error) };
  }
}
