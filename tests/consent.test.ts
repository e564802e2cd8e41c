import { createHash, createHmac, randomUUID } from 'node:crypto';
import { onboardAgency } from '@switchboard/agencies';
import { signClientAssertion } from '@switchboard/agency-sdk';
import { CONSENT_TOKEN_TYP } from '@switchboard/consent';
import { listAuditRecords, verifyAuditChain } from '@switchboard/db';
import { generateAgencyKey } from '@switchboard/event-signature';
import { base64url, CompactSign, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

const notice = createHash('sha256').update('You are sharing your data with …').digest('hex');
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

/**
 * Consent over HTTP, as an agency meets it: every attack on the tokens is refused with its reason
 * and audited, reads return exactly what was granted, and revocation counts from the next read.
 */
describe('consent-checked data exchange', () => {
  let hub: TestHub;
  let api: TestApi;
  // A victim-witness unit and a community advocate, each holding its own key.
  const prosecutor = {
    id: `da-${randomUUID().slice(0, 8)}`,
    key: undefined as never as Awaited<ReturnType<typeof generateAgencyKey>>,
  };
  const shelter = {
    id: `dv-${randomUUID().slice(0, 8)}`,
    key: undefined as never as Awaited<ReturnType<typeof generateAgencyKey>>,
  };
  let registrantId: string;
  let caseRef: string;

  beforeAll(async () => {
    hub = await startHub(inject('services'), { worker: false });
    api = await startApi(hub);
    prosecutor.key = await generateAgencyKey();
    shelter.key = await generateAgencyKey();
    await onboardAgency(
      { db: hub.db },
      {
        id: prosecutor.id,
        name: 'District Attorney, Victim-Witness Unit',
        kind: 'prosecutor',
        publicJwk: prosecutor.key.publicJwk,
      },
    );
    await onboardAgency(
      { db: hub.db },
      { id: shelter.id, name: 'Harbour House', kind: 'community_advocate', publicJwk: shelter.key.publicJwk },
    );
    caseRef = uniqueSubject();
    const registrationId = await hub.register(caseRef, {
      displayName: 'Ana Reyes',
      email: 'ana@example.test',
      portal: true,
    });
    registrantId = await hub.registrantOf(registrationId);
    await api.as.registrant(registrantId).consent.recordDetail.mutate({
      registrantId,
      field: 'address',
      value: '12 Elm Street, Riverside',
    });
    await api.as.registrant(registrantId).consent.recordDetail.mutate({
      registrantId,
      field: 'substitute_address',
      value: 'PO Box 4410, Sacramento',
    });
    await api.as.registrant(registrantId).consent.recordDetail.mutate({
      registrantId,
      field: 'safety_concerns',
      value: 'He knows her workplace',
      heldBy: 'community_advocate',
    });
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const assertionFor = (agency: typeof prosecutor, audience = api.baseUrl) =>
    signClientAssertion({ agencyId: agency.id, key: agency.key, audience });
  const grant = (fields: string[], agency = prosecutor, extra: Record<string, unknown> = {}) =>
    api.as.registrant(registrantId).consent.grant.mutate({
      registrantId,
      recipientAgencyId: agency.id,
      purpose: 'prosecution',
      fields: fields as never,
      caseRef,
      expiresAt: inAMonth(),
      regime: 'systems_advocate',
      noticeHash: notice,
      ...extra,
    });
  const read = async (assertion: string | undefined, body: unknown, raw?: string) => {
    const response = await fetch(`${api.baseUrl}/disclosures`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(assertion ? { authorization: `Bearer ${assertion}` } : {}),
      },
      body: raw ?? JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { error?: string; code?: string; fields?: Record<string, unknown> },
    };
  };
  const lastAudit = async () => (await listAuditRecords(hub.db, { limit: 100_000 })).at(-1)!;
  const hubSigned = async (
    claims: Record<string, unknown> | Uint8Array,
    header: Record<string, unknown> = {},
  ) => {
    const { kid, key } = await api.ctx.consent.hubKeys.signingKey();
    const payload = claims instanceof Uint8Array ? claims : new TextEncoder().encode(JSON.stringify(claims));
    return new CompactSign(payload)
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: CONSENT_TOKEN_TYP, ...header })
      .sign(key);
  };
  const now = () => Math.floor(Date.now() / 1000);
  const validClaims = (consentId: string, over: Record<string, unknown> = {}) => ({
    iss: api.baseUrl,
    aud: prosecutor.id,
    sub: consentId,
    jti: randomUUID(),
    iat: now(),
    nbf: now(),
    exp: now() + 600,
    fields: ['name'],
    ...over,
  });

  it('discloses exactly the granted fields, and an address-confidentiality participant only their substitute address', async () => {
    const consent = await grant(['name', 'address', 'case_status']);
    const all = await read(await assertionFor(prosecutor), { consentToken: consent.token });
    expect(all.status).toBe(200);
    expect(Object.keys(all.body.fields!).sort()).toEqual(['address', 'case_status', 'name']);
    expect(all.body.fields).toMatchObject({ name: 'Ana Reyes', address: '12 Elm Street, Riverside' });
    const some = await read(await assertionFor(prosecutor), {
      consentToken: consent.token,
      fields: ['name'],
    });
    expect(some.body.fields).toEqual({ name: 'Ana Reyes' });
    expect(await lastAudit()).toMatchObject({
      actor: prosecutor.id,
      action: 'disclosure.read',
      outcome: 'allowed',
      fields: ['name'],
      consent_id: consent.consentId,
    });

    await api.as
      .registrant(registrantId)
      .consent.setAddressConfidential.mutate({ registrantId, confidential: true });
    const confidential = await read(await assertionFor(prosecutor), {
      consentToken: consent.token,
      fields: ['address'],
    });
    expect(confidential.body.fields).toEqual({ address: 'PO Box 4410, Sacramento' });
    await api.as
      .registrant(registrantId)
      .consent.setAddressConfidential.mutate({ registrantId, confidential: false });

    // At rest the address is sealed: the database holds no readable copy.
    const stored = await hub.db
      .selectFrom('registrant_detail')
      .select('value_sealed')
      .where('registrant_id', '=', registrantId)
      .execute();
    expect(stored.map((r) => r.value_sealed).join()).not.toMatch(/Elm|Sacramento|workplace/);
  });

  it('discloses the ways to reach a registrant, never the key to their portal inbox', async () => {
    const consent = await grant(['contact_channels']);
    const answer = await read(await assertionFor(prosecutor), { consentToken: consent.token });
    expect(answer.status).toBe(200);
    expect(answer.body.fields).toEqual({
      contact_channels: [{ channel: 'email', address: 'ana@example.test' }],
    });
  });

  it('refuses a field that was not granted', async () => {
    const consent = await grant(['name'], prosecutor, { deniedFields: ['address'] });
    const answer = await read(await assertionFor(prosecutor), {
      consentToken: consent.token,
      fields: ['name', 'address'],
    });
    expect(answer).toMatchObject({ status: 403, body: { code: 'field_not_granted' } });
    expect(answer.body.error).toContain('"address"');
    expect(await lastAudit()).toMatchObject({ outcome: 'refused', consent_id: consent.consentId });
  });

  it('refuses the very next read after a revocation, whatever tokens are still about', async () => {
    const consent = await grant(['name']);
    expect((await read(await assertionFor(prosecutor), { consentToken: consent.token })).status).toBe(200);
    await api.as.registrant(registrantId).consent.revoke.mutate({ consentId: consent.consentId });
    const after = await read(await assertionFor(prosecutor), { consentToken: consent.token });
    expect(after).toMatchObject({ status: 403, body: { code: 'not_in_force' } });
    // The same answer as for a consent that never existed: nothing tells whether a registrant is behind it.
    const unknown = await read(await assertionFor(prosecutor), {
      consentToken: await hubSigned(validClaims(randomUUID())),
    });
    expect(unknown).toEqual(after);
    const summary = await api.as.registrant(registrantId).consent.list.query({ registrantId });
    expect(summary.find((c) => c.consentId === consent.consentId)).toMatchObject({
      state: 'revoked',
      agencyId: prosecutor.id,
    });
  });

  it('keeps what a community advocate holds from a systems agency unless the consent was given in that regime', async () => {
    const systems = await grant(['safety_concerns']);
    const refused = await read(await assertionFor(prosecutor), { consentToken: systems.token });
    expect(refused).toMatchObject({ status: 403, body: { code: 'regime' } });
    const advocateRegime = await grant(['safety_concerns'], prosecutor, {
      regime: 'community_advocate',
      purpose: 'safety_planning',
    });
    const allowed = await read(await assertionFor(prosecutor), { consentToken: advocateRegime.token });
    expect(allowed.body.fields).toEqual({ safety_concerns: 'He knows her workplace' });
    // A consent names one agency: the shelter's token does not open anything for the prosecutor.
    const toShelter = await grant(['name'], shelter);
    expect(await read(await assertionFor(prosecutor), { consentToken: toShelter.token })).toMatchObject({
      status: 401,
      body: { code: 'wrong_audience' },
    });
  });

  describe('attacks on consent tokens, each refused with its reason and audited', () => {
    let consentId: string;
    beforeAll(async () => {
      consentId = (await grant(['name'])).consentId;
    });
    const expectRefused = async (token: string, code: string, message: RegExp) => {
      const answer = await read(await assertionFor(prosecutor), { consentToken: token });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.body.code).toBe(code);
      expect(answer.body.error).toMatch(message);
      expect(answer.body).not.toHaveProperty('fields');
      const record = await lastAudit();
      expect(record).toMatchObject({ actor: prosecutor.id, action: 'disclosure.read', outcome: 'refused' });
      expect(record.reason).toContain(code);
    };

    it('a forged signature', async () => {
      const token = await hubSigned(validClaims(consentId));
      const [h, p] = token.split('.');
      const forgedPayload = base64url.encode(
        JSON.stringify(validClaims(consentId, { fields: ['name', 'address'] })),
      );
      await expectRefused(
        `${h}.${forgedPayload}.${token.split('.')[2]}`,
        'bad_signature',
        /signature does not verify/,
      );
      expect(p).toBeTruthy();
    });

    it('a key from another issuer, and an unknown kid', async () => {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const foreign = await new SignJWT(validClaims(consentId))
        .setProtectedHeader({ alg: 'EdDSA', kid: 'hub-somebody-else', typ: CONSENT_TOKEN_TYP })
        .sign(privateKey);
      await expectRefused(foreign, 'unknown_key', /key \(kid\) the hub does not hold/);
      const { kid } = await api.ctx.consent.hubKeys.signingKey();
      const sameKid = await new SignJWT(validClaims(consentId))
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: CONSENT_TOKEN_TYP })
        .sign(privateKey);
      await expectRefused(sameKid, 'bad_signature', /does not verify/);
    });

    it("alg none, and HS256 keyed with the hub's public key", async () => {
      const { kid } = await api.ctx.consent.hubKeys.signingKey();
      const header = (alg: string) => base64url.encode(JSON.stringify({ alg, kid, typ: CONSENT_TOKEN_TYP }));
      const payload = base64url.encode(JSON.stringify(validClaims(consentId)));
      await expectRefused(
        `${header('none')}.${payload}.`,
        'algorithm',
        /must be signed with EdDSA, not none/,
      );
      const publicJwk = (await api.ctx.consent.hubKeys.jwks()).keys.find((k) => k.kid === kid)!;
      const mac = createHmac('sha256', JSON.stringify(publicJwk))
        .update(`${header('HS256')}.${payload}`)
        .digest();
      await expectRefused(`${header('HS256')}.${payload}.${base64url.encode(mac)}`, 'algorithm', /not HS256/);
    });

    it('jwk and jku headers pointing elsewhere', async () => {
      const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const { kid } = await api.ctx.consent.hubKeys.signingKey();
      const embedded = await new SignJWT(validClaims(consentId))
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: CONSENT_TOKEN_TYP, jwk: await exportJWK(publicKey) })
        .sign(privateKey);
      await expectRefused(embedded, 'embedded_key', /carries jwk/);
      await expectRefused(
        await hubSigned(validClaims(consentId), { jku: 'https://attacker.example/jwks.json' }),
        'embedded_key',
        /carries jku/,
      );
    });

    it('expired, not yet valid, and without exp', async () => {
      await expectRefused(
        await hubSigned(validClaims(consentId, { iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })),
        'expired',
        /has expired/,
      );
      await expectRefused(
        await hubSigned(validClaims(consentId, { nbf: now() + 3600 })),
        'not_yet_valid',
        /not valid yet/,
      );
      const { exp: _exp, ...noExp } = validClaims(consentId);
      await expectRefused(await hubSigned(noExp), 'missing_claim', /no "exp" claim/);
    });

    it('aud as an array, and naming another agency', async () => {
      await expectRefused(
        await hubSigned(validClaims(consentId, { aud: [prosecutor.id, shelter.id] })),
        'wrong_audience',
        /single string/,
      );
      await expectRefused(
        await hubSigned(validClaims(consentId, { aud: shelter.id })),
        'wrong_audience',
        /another agency/,
      );
    });

    it('a client assertion presented as a consent token, and the reverse', async () => {
      await expectRefused(await assertionFor(prosecutor), 'wrong_type', /typ "switchboard-consent\+jwt"/);
      const consent = await grant(['name']);
      const answer = await read(consent.token, { consentToken: consent.token });
      expect(answer).toMatchObject({ status: 401, body: { code: 'wrong_type' } });
      expect(answer.body.error).toMatch(/client assertion must have typ "client-authentication\+jwt"/);
      expect(await lastAudit()).toMatchObject({ actor: 'unauthenticated', outcome: 'refused' });
    });

    it('a token over 8 KB, malformed JSON and invalid UTF-8 in the claims', async () => {
      await expectRefused(
        await hubSigned(validClaims(consentId, { padding: 'x'.repeat(9000) })),
        'too_large',
        /larger than 8192 bytes/,
      );
      await expectRefused(
        await hubSigned(new TextEncoder().encode('{"iss": "hub", "aud": ')),
        'malformed',
        /claims are not valid JSON/,
      );
      await expectRefused(
        await hubSigned(Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
        'malformed',
        /not valid base64url UTF-8/,
      );
    });
  });

  describe('attacks on client assertions', () => {
    let token: string;
    beforeAll(async () => {
      token = (await grant(['name'])).token;
    });
    const expectUnauthenticated = async (assertion: string | undefined, code: string, message: RegExp) => {
      const answer = await read(assertion, { consentToken: token });
      expect(answer).toMatchObject({
        status: code === 'too_large' ? 413 : code === 'malformed' ? 400 : 401,
        body: { code },
      });
      expect(answer.body.error).toMatch(message);
      expect(await lastAudit()).toMatchObject({ actor: 'unauthenticated', outcome: 'refused' });
      expect((await lastAudit()).reason).toContain(code);
    };
    const agencySigned = async (claims: Record<string, unknown> | Uint8Array) => {
      const { importJWK } = await import('jose');
      const payload =
        claims instanceof Uint8Array ? claims : new TextEncoder().encode(JSON.stringify(claims));
      return new CompactSign(payload)
        .setProtectedHeader({ alg: 'EdDSA', kid: prosecutor.key.kid, typ: 'client-authentication+jwt' })
        .sign(await importJWK(prosecutor.key.privateJwk, 'EdDSA'));
    };

    it('the same assertion twice', async () => {
      const once = await assertionFor(prosecutor);
      expect((await read(once, { consentToken: token })).status).toBe(200);
      await expectUnauthenticated(once, 'replayed', /already used/);
    });

    it('none at all, one for another hub, one signed by a key the agency never registered', async () => {
      await expectUnauthenticated(undefined, 'malformed', /client assertion is missing/);
      await expectUnauthenticated(
        await assertionFor(prosecutor, 'https://another-hub.example'),
        'wrong_audience',
        /"aud" must be/,
      );
      const stranger = await generateAgencyKey();
      await expectUnauthenticated(
        await signClientAssertion({ agencyId: prosecutor.id, key: stranger, audience: api.baseUrl }),
        'unknown_key',
        /not signed by an active key/,
      );
      const longLived = await signClientAssertion({
        agencyId: prosecutor.id,
        key: prosecutor.key,
        audience: api.baseUrl,
        lifetimeSeconds: 3600,
      });
      await expectUnauthenticated(longLived, 'lifetime', /at most 300 seconds/);
    });

    it("malformed JSON and invalid UTF-8, signed with the agency's own key", async () => {
      await expectUnauthenticated(
        await agencySigned(new TextEncoder().encode('[1, 2')),
        'malformed',
        /not valid JSON/,
      );
      await expectUnauthenticated(
        await agencySigned(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d])),
        'malformed',
        /UTF-8/,
      );
      await expectUnauthenticated(
        await agencySigned({
          iss: prosecutor.id,
          sub: prosecutor.id,
          aud: api.baseUrl,
          jti: randomUUID(),
          iat: now(),
        }),
        'missing_claim',
        /no "exp" claim/,
      );
    });
  });

  it('rotates the hub key without invalidating live tokens, and publishes both keys', async () => {
    const before = await grant(['name']);
    const oldKid = JSON.parse(Buffer.from(before.token.split('.')[0]!, 'base64url').toString()).kid;
    const newKid = await api.ctx.consent.hubKeys.rotate();
    const jwks = (await (await fetch(`${api.baseUrl}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    expect((await read(await assertionFor(prosecutor), { consentToken: before.token })).status).toBe(200);
    const after = await grant(['name']);
    expect(JSON.parse(Buffer.from(after.token.split('.')[0]!, 'base64url').toString()).kid).toBe(newKid);
  });

  it('keeps the audit trail append-only, verifies its chain, and names a row changed behind its back', async () => {
    await expect(sql`update audit_record set reason = 'nothing happened'`.execute(hub.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_record`.execute(hub.db)).rejects.toThrow(/append-only/);
    const intact = await verifyAuditChain(hub.db);
    expect(intact.ok).toBe(true);
    const victim = (await listAuditRecords(hub.db, { actor: prosecutor.id, limit: 5 }))[2]!;
    // Behind the application's back: a superuser switches the guard off and edits a row.
    const tamper = (reason: string) =>
      hub.db.transaction().execute(async (trx) => {
        await sql`alter table audit_record disable trigger audit_record_no_change`.execute(trx);
        await sql`update audit_record set reason = ${reason} where seq = ${victim.seq}`.execute(trx);
        await sql`alter table audit_record enable trigger audit_record_no_change`.execute(trx);
      });
    await tamper('nothing to see here');
    const broken = await verifyAuditChain(hub.db);
    expect(broken).toMatchObject({ ok: false, brokenAt: String(victim.seq) });
    await tamper(victim.reason);
    expect((await verifyAuditChain(hub.db)).ok).toBe(true);
    // The trail names agencies, consents and fields, never the registrant's data.
    const trail = JSON.stringify(await listAuditRecords(hub.db, { limit: 100_000 }));
    expect(trail).not.toMatch(/Ana Reyes|Elm Street|Sacramento|workplace|ana@example/);
  });
});
