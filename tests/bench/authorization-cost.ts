/**
 * What knowing who is asking costs. In one run, on this machine:
 *  - a consent-checked read (a registrant's `consent.list`: who may see what of theirs) through the
 *    tRPC procedure as the API runs it — session looked up and touched, policy and ownership checked —
 *    against the same read with no caller checks at all (`whoCanSee` called directly);
 *  - signed-in sessions checked per second (`callerOf`: the cookie's session found, its idle clock
 *    moved), against the ceiling of one PostgreSQL round trip (`select 1`) at the same concurrency.
 * Invariants, checked before a figure is printed: every checked read returns exactly what the
 * unchecked read returns; every session check names the registrant whose session it is; a forged
 * token and an ended session are refused. A broken invariant fails the run with no figures.
 * Run: bash infra/bench.sh authorization
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { onboardAgency } from '@switchboard/agencies';
import { appRouter, callerOf, createCallerFactory, SESSION_COOKIE } from '@switchboard/api';
import { grantConsent, whoCanSee } from '@switchboard/consent';
import { endSession, startSession } from '@switchboard/db';
import { generateAgencyKey } from '@switchboard/event-signature';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import { sql } from 'kysely';
import { benchApiContext } from './api-context';

const READS = Number(process.env.BENCH_READS ?? 3000);
const CONCURRENCY = 8;

const { ctx, db, keyring, consent, close } = await benchApiContext('benchauth', {
  maxConnections: CONCURRENCY + 2,
});
const createCaller = createCallerFactory(appRouter);

const fail = (what: string): never => {
  console.error(`INVARIANT BROKEN: ${what}; no figures from this run`);
  process.exit(1);
};
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const timed = async (n: number, one: (i: number) => Promise<void>) => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await one(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
};
/** Calls per second with `CONCURRENCY` in flight, for `n` calls. */
const rate = async (n: number, one: (i: number) => Promise<void>) => {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await one(next++);
    }),
  );
  return n / ((performance.now() - start) / 1000);
};

try {
  // A registrant with a few consents, and a signed-in session as the browser would carry it.
  for (const [id, kind] of [
    ['county-jail', 'jail'],
    ['bench-da', 'prosecutor'],
  ] as const) {
    const { publicJwk } = await generateAgencyKey();
    await onboardAgency({ db }, { id, name: id, kind, publicJwk }).catch(() => undefined);
  }
  const { registrantId } = await enrolConfirmedInPerson(db, keyring, {
    agencyId: 'county-jail',
    subjectRef: `BENCH-AUTH-${randomUUID().slice(0, 8)}`,
    displayName: 'Bench Registrant',
    email: 'bench.auth@example.test',
  });
  for (const purpose of ['prosecution', 'victim_services', 'restitution'] as const) {
    await grantConsent(db, consent.policy, {
      registrantId,
      recipientAgencyId: 'bench-da',
      purpose,
      fields: ['name', 'contact_channels'],
      caseRef: 'BENCH-AUTH',
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      regime: 'systems_advocate',
      noticeHash: 'a'.repeat(64),
    });
  }
  const token = `sbs_${randomUUID()}${randomUUID()}`.replaceAll('-', '');
  await startSession(db, {
    token,
    kind: 'registrant',
    subject: registrantId,
    roles: [],
    idleSeconds: 3600,
    lifetimeSeconds: 3600,
  });
  const request = (t: string) =>
    new Request('http://127.0.0.1/trpc/consent.list', { headers: { cookie: `${SESSION_COOKIE}=${t}` } });
  const requestContext = async (t: string) => ({
    ...ctx,
    caller: await callerOf(ctx, request(t)),
    clientAddress: '127.0.0.1',
    setSessionCookie: () => undefined,
  });

  // Invariants first.
  const expected = await whoCanSee(db, registrantId);
  if (expected.length !== 3) fail(`the registrant's consents are ${expected.length}, not 3`);
  const checked = await createCaller(await requestContext(token)).consent.list({ registrantId });
  if (!isDeepStrictEqual(checked, expected)) fail('the checked read differs from the unchecked one');
  const forged = await callerOf(ctx, request(`sbs_${'x'.repeat(60)}`));
  if (forged.kind !== 'refused') fail('a forged session token was not refused');
  const ended = `sbs_${randomUUID().replaceAll('-', '')}`;
  await startSession(db, {
    token: ended,
    kind: 'registrant',
    subject: registrantId,
    roles: [],
    idleSeconds: 60,
    lifetimeSeconds: 60,
  });
  await endSession(db, ended);
  if ((await callerOf(ctx, request(ended))).kind !== 'refused') fail('an ended session was not refused');
  const stranger = await createCaller({ ...(await requestContext(token)) })
    .consent.list({ registrantId: randomUUID() })
    .then(
      () => 'answered',
      () => 'refused',
    );
  if (stranger !== 'refused') fail("a registrant read someone else's consents");

  // 1. The read, with and without the caller checks, one at a time (latency).
  let mismatches = 0;
  for (let i = 0; i < 200; i++) await whoCanSee(db, registrantId); // warm both paths
  const bare = await timed(READS, async () => {
    if ((await whoCanSee(db, registrantId)).length !== 3) mismatches++;
  });
  const withChecks = await timed(READS, async () => {
    const rows = await createCaller(await requestContext(token)).consent.list({ registrantId });
    if (rows.length !== 3) mismatches++;
  });
  if (mismatches > 0) fail(`${mismatches} reads returned the wrong consents`);
  const ms = (v: number) => v.toFixed(2);
  const [b50, b95, c50, c95] = [
    percentile(bare, 0.5),
    percentile(bare, 0.95),
    percentile(withChecks, 0.5),
    percentile(withChecks, 0.95),
  ];
  console.log(
    `consent-checked read (consent.list), ${READS} one at a time:` +
      `\n  with caller checks (session, policy, ownership): p50 ${ms(c50)} ms, p95 ${ms(c95)} ms` +
      `\n  without (the read alone):                        p50 ${ms(b50)} ms, p95 ${ms(b95)} ms` +
      `\n  added by knowing who is asking: p50 ${ms(c50 - b50)} ms, p95 ${ms(c95 - b95)} ms; the checked read takes ${(c50 / b50).toFixed(2)}x the bare one at p50`,
  );

  // 2. Sessions checked per second, against one database round trip at the same concurrency.
  let wrongCaller = 0;
  const sessions = await rate(READS * 2, async () => {
    const caller = await callerOf(ctx, request(token));
    if (caller.kind !== 'registrant' || caller.registrantId !== registrantId) wrongCaller++;
  });
  if (wrongCaller > 0) fail(`${wrongCaller} session checks named the wrong caller`);
  const roundTrips = await rate(READS * 2, async () => {
    await sql`select 1`.execute(db);
  });
  console.log(
    `signed-in sessions checked: ${sessions.toFixed(0)}/s with ${CONCURRENCY} in flight` +
      `\n  ceiling, one PostgreSQL round trip (select 1) at the same concurrency: ${roundTrips.toFixed(0)}/s; sessions run at ${(sessions / roundTrips).toFixed(2)} of it`,
  );
} finally {
  await close();
}
