/**
 * Consent at work: token verifications per second, and consent-checked reads over HTTP (agency
 * assertion verified and spent, consent token verified, grant checked in PostgreSQL, sealed fields
 * opened, audit record chained) with p50/p95/p99 latency. Baselines in the same run: a bare Ed25519
 * verify of the same token, and the same HTTP server answering its cached JWKS (no checks, no DB).
 * Run: bash infra/bench.sh consent
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { onboardAgency } from '@switchboard/agencies';
import { signClientAssertion } from '@switchboard/agency-sdk';
import { createApiServer } from '@switchboard/api';
import {
  grantConsent,
  issueConsentToken,
  recordRegistrantDetail,
  verifyConsentToken,
} from '@switchboard/consent';
import { generateAgencyKey } from '@switchboard/event-signature';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import { compactVerify, importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import { benchApiContext } from './api-context';
import { profiled } from './cpu-profile';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const VERIFICATIONS = 20_000;

const { ctx, db, keyring, consent, close } = await benchApiContext('benchconsent');
const server = createApiServer(ctx);
// Time in the server, from the request's arrival to the last byte written: the hub's own share of a
// read, without the client's (which shares this process and its two cores).
let serverTimes: number[] = [];
server.prependListener('request', (req, res) => {
  if (req.url !== '/disclosures') return;
  const t = performance.now();
  res.on('finish', () => serverTimes.push(performance.now() - t));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
ctx.publicUrl = baseUrl;

try {
  const key = await generateAgencyKey();
  await onboardAgency(
    { db },
    { id: 'bench-da', name: 'Bench District Attorney', kind: 'prosecutor', publicJwk: key.publicJwk },
  );
  // The registration follows the jail's reference: the jail must be known.
  const jail = await generateAgencyKey();
  await onboardAgency(
    { db },
    { id: 'county-jail', name: 'County Jail', kind: 'jail', publicJwk: jail.publicJwk },
  ).catch(() => undefined);
  const { registrantId } = await enrolConfirmedInPerson(db, keyring, {
    agencyId: 'county-jail',
    subjectRef: 'BENCH-CASE-1',
    displayName: 'Bench Registrant',
    email: 'bench@example.test',
  });
  await recordRegistrantDetail(db, keyring, {
    registrantId,
    field: 'address',
    value: '1 Bench Road',
  });
  const grant = await grantConsent(db, consent.policy, {
    registrantId,
    recipientAgencyId: 'bench-da',
    purpose: 'prosecution',
    fields: ['name', 'address', 'contact_channels'],
    caseRef: 'BENCH-CASE-1',
    expiresAt: new Date(Date.now() + 30 * 86_400_000),
    regime: 'systems_advocate',
    noticeHash: createHash('sha256').update('bench notice').digest('hex'),
  });
  const settings = { hubKeys: consent.hubKeys, issuer: baseUrl, tokenTtlSeconds: 3600 };
  const { token } = await issueConsentToken(db, settings, grant, 'registrant');

  // 1. Token verification, in process, against the bare signature check of the same token.
  const { kid, key: signingKey } = await consent.hubKeys.signingKey();
  const publicJwk = (await consent.hubKeys.jwks()).keys.find((k) => k.kid === kid) as JWK;
  const publicKey = await importJWK(publicJwk, 'EdDSA');
  void signingKey;
  const rate = async (what: () => Promise<unknown>) => {
    for (let i = 0; i < 500; i++) await what();
    const start = performance.now();
    for (let i = 0; i < VERIFICATIONS; i++) await what();
    return VERIFICATIONS / ((performance.now() - start) / 1000);
  };
  const bare = await rate(() => compactVerify(token, publicKey, { algorithms: ['EdDSA'] }));
  const full = await rate(() => verifyConsentToken(settings, token, 'bench-da'));
  console.log(
    `token verifications: ${full.toFixed(0)}/s  (bare Ed25519 verify of the same token: ${bare.toFixed(0)}/s, ratio ${(full / bare).toFixed(2)})`,
  );

  // 2. Reads over HTTP. Assertions are signed before the clock starts: signing is the agency's cost.
  const assertions: string[] = [];
  // Two measured phases and, when the target is missed, a third under the profiler.
  const needed = Math.ceil(SECONDS * 3750);
  for (let i = 0; i < needed; i++) {
    assertions.push(
      await signClientAssertion({ agencyId: 'bench-da', key, audience: baseUrl, lifetimeSeconds: 300 }),
    );
  }
  const body = JSON.stringify({ consentToken: token, fields: ['name', 'address'] });
  // The client runs in a process of its own, as an agency's would.
  const load = async (
    job: { url: string; body?: string; bearers?: string[] },
    concurrency: number,
    seconds: number,
  ) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./http-load.ts', import.meta.url))],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    child.stdin.end(JSON.stringify({ ...job, concurrency, seconds }));
    const [out] = await Promise.all([text(child.stdout), once(child, 'exit')]);
    const {
      latencies,
      seconds: took,
      failure,
    } = JSON.parse(out) as {
      latencies: number[];
      seconds: number;
      failure?: string;
    };
    if (failure) throw new Error(`read refused: ${failure}`);
    latencies.sort((a, b) => a - b);
    const at = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
    return { perSecond: latencies.length / took, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  };
  const disclose = () => ({ url: `${baseUrl}/disclosures`, body, bearers: assertions.splice(0, needed / 3) });
  const jwks = { url: `${baseUrl}/.well-known/jwks.json` };
  let p95InServerAlone = 0;
  for (const concurrency of [1, 4]) {
    const floor = await load(jwks, concurrency, Math.min(5, SECONDS));
    serverTimes = [];
    const reads = await load(disclose(), concurrency, SECONDS);
    serverTimes.sort((a, b) => a - b);
    const inServer = (p: number) =>
      serverTimes[Math.min(serverTimes.length - 1, Math.floor(p * serverTimes.length))]!.toFixed(2);
    if (concurrency === 1) p95InServerAlone = Number(inServer(0.95));
    console.log(
      `consent-checked reads, ${concurrency} in flight: ${reads.perSecond.toFixed(0)}/s, latency p50 ${reads.p50} ms, p95 ${reads.p95} ms, p99 ${reads.p99} ms` +
        `\n  of which in the server: p50 ${inServer(0.5)} ms, p95 ${inServer(0.95)} ms, p99 ${inServer(0.99)} ms` +
        `\n  baseline, same server serving its JWKS: ${floor.perSecond.toFixed(0)}/s, p95 ${floor.p95} ms; reads run at ${(reads.perSecond / floor.perSecond).toFixed(2)} of it`,
    );
  }
  // The target is a p95 of 5 ms at the server: when missed, where the server's CPU goes (it runs in
  // this process; PostgreSQL's time is not in the profile, the wait for it is idle).
  if (p95InServerAlone > 5)
    await profiled('consent-checked reads, 1 in flight', () => load(disclose(), 1, SECONDS));
  // The floor under any read that is audited durably before it is answered: one row committed
  // (and flushed to disk) by PostgreSQL on this machine, nothing else.
  await sql`create table commit_floor (n integer)`.execute(db);
  const commits: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await sql`insert into commit_floor values (${i})`.execute(db);
    commits.push(performance.now() - t);
  }
  commits.sort((a, b) => a - b);
  console.log(
    `durable commit of one row, the floor of an audited read: p50 ${commits[1000]!.toFixed(2)} ms, p95 ${commits[1900]!.toFixed(2)} ms, p99 ${commits[1980]!.toFixed(2)} ms`,
  );
  console.log(`(reads audited: each appended one hash-chained record; run ${randomUUID().slice(0, 8)})`);
} finally {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await close();
}
