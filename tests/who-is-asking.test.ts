import { request } from 'node:http';
import { generateAgencyKey, signClientAssertion } from '@switchboard/agency-sdk';
import { findRegistrationOwner, listAuditRecords, startSession } from '@switchboard/db';
import { header, readMailbox, waitForMessages } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Attacks over real HTTP on the running API, as an outsider, another registrant and another agency
 * would try them. Each must be refused with a reason and change nothing.
 */
describe('who is asking', () => {
  let hub: TestHub;
  let api: TestApi;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  /** A raw tRPC call, so headers (cookies, origins, replayed credentials) are exactly as given. */
  async function call(
    path: string,
    input: unknown,
    options: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
  ) {
    const method = options.method ?? 'POST';
    const response = await fetch(
      method === 'GET'
        ? `${api.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
        : `${api.baseUrl}/trpc/${path}`,
      {
        method,
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
      },
    );
    const body = (await response.json()) as {
      result?: { data: Record<string, unknown> };
      error?: { message: string; data?: Record<string, unknown> };
    };
    return { status: response.status, data: body.result?.data, error: body.error, headers: response.headers };
  }

  /** A registrant enrolled and verified through the public procedures, as the portal would. */
  async function verifiedRegistrant(email: string) {
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: uniqueSubject(),
      displayName: 'Dana Whitfield',
      email,
    });
    const [mail] = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Verification') === enrolment.contactPointId,
    );
    const code = /\b(\d{6})\b/.exec(mail!.mail.text ?? '')![1]!;
    await api.trpc.registration.verifyContact.mutate({ contactPointId: enrolment.contactPointId, code });
    return enrolment;
  }

  /** Asks for a sign-in code and reads it from the mail that follows the codes sent before. */
  async function signInCode(email: string, contactPointId: string) {
    const forPoint = (m: Parameters<Parameters<typeof waitForMessages>[1]>[0]) =>
      header(m, 'X-Switchboard-Verification') === contactPointId;
    const before = (await readMailbox(hub.mailDir)).filter(forPoint).length;
    await api.trpc.session.requestSignInCode.mutate({ channel: 'email', address: email });
    const mails = await waitForMessages(hub.mailDir, forPoint, { count: before + 1 });
    return /\b(\d{6})\b/.exec(mails.at(-1)!.mail.text ?? '')![1]!;
  }

  it('signs a registrant in with a code to their verified address, to their own records only, until they sign out', async () => {
    const dana = await verifiedRegistrant('dana.whitfield@example.test');
    const other = await verifiedRegistrant('lee.other@example.test');
    const code = await signInCode('dana.whitfield@example.test', dana.contactPointId);

    const wrong = await call('session.signInWithCode', {
      channel: 'email',
      address: 'dana.whitfield@example.test',
      code: code === '000000' ? '111111' : '000000',
      as: 'bearer',
    });
    expect(wrong).toMatchObject({
      status: 401,
      error: { message: 'that code is not valid for this address' },
    });

    const signedIn = await call('session.signInWithCode', {
      channel: 'email',
      address: 'dana.whitfield@example.test',
      code,
      as: 'bearer',
    });
    expect(signedIn.status).toBe(200);
    const bearer = { authorization: `Bearer ${signedIn.data!.token as string}` };
    expect((await call('session.whoAmI', undefined, { method: 'GET', headers: bearer })).data).toEqual({
      kind: 'registrant',
    });

    // Their own registration and consents, yes; someone else's, the same answer as a missing one.
    const own = await call(
      'registration.setStatus',
      { registrationId: dana.registrationId, status: 'paused' },
      {
        headers: bearer,
      },
    );
    expect(own).toMatchObject({ status: 200, data: { status: 'paused' } });
    const theirs = await call(
      'registration.setStatus',
      { registrationId: other.registrationId, status: 'ended' },
      { headers: bearer },
    );
    expect(theirs).toMatchObject({ status: 404, error: { message: 'no such record of yours' } });
    const missing = await call(
      'registration.setStatus',
      { registrationId: crypto.randomUUID(), status: 'ended' },
      { headers: bearer },
    );
    expect(missing.error?.message).toBe(theirs.error?.message);
    const theirConsents = await call(
      'consent.list',
      { registrantId: other.registrantId },
      {
        method: 'GET',
        headers: bearer,
      },
    );
    expect(theirConsents.status).toBe(404);

    // The code works once.
    const replayedCode = await call('session.signInWithCode', {
      channel: 'email',
      address: 'dana.whitfield@example.test',
      code,
      as: 'bearer',
    });
    expect(replayedCode.status).toBe(401);

    // Signed out, the token opens nothing: replaying it is refused with a reason, even where anyone may call.
    expect((await call('session.signOut', undefined, { headers: bearer })).status).toBe(200);
    const replayed = await call('session.whoAmI', undefined, { method: 'GET', headers: bearer });
    expect(replayed).toMatchObject({
      status: 401,
      error: { message: 'the session has ended or expired; sign in again' },
    });
  });

  it('answers a sign-in request for an unknown address exactly as for a known one, and sends nothing', async () => {
    const before = (await readMailbox(hub.mailDir)).length;
    const unknown = await call('session.requestSignInCode', {
      channel: 'email',
      address: 'nobody@example.test',
    });
    const known = await call('session.requestSignInCode', {
      channel: 'email',
      address: 'dana.whitfield@example.test',
    });
    expect(unknown.data).toEqual(known.data);
    const codeFor = (await waitForMessages(hub.mailDir, () => true, { count: before + 1 })).filter((m) =>
      (m.mail.to && 'text' in m.mail.to ? m.mail.to.text : '').includes('nobody@'),
    );
    expect(codeFor).toHaveLength(0);
  });

  it('answers a code for an already verified address like any other: only the right code is accepted', async () => {
    const kim = await verifiedRegistrant('kim.verified@example.test');
    await expect(
      api.trpc.registration.verifyContact.mutate({ contactPointId: kim.contactPointId, code: '123456' }),
    ).rejects.toThrow('that code is not valid');
  });

  it('ends an idle session, and refuses a session cookie sent by another site', async () => {
    const registrantId = (await verifiedRegistrant('ira.idle@example.test')).registrantId;
    const idle = `sbs_${crypto.randomUUID()}`;
    await startSession(hub.db, {
      token: idle,
      kind: 'registrant',
      subject: registrantId,
      idleSeconds: 1,
      lifetimeSeconds: 60,
    });
    // Kept alive while used: well past its idle second in all, never a second idle.
    const list = (token: string) =>
      call(
        'consent.list',
        { registrantId },
        { method: 'GET', headers: { authorization: `Bearer ${token}` } },
      );
    for (let i = 0; i < 4; i++) {
      expect((await list(idle)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      (
        await call(
          'consent.list',
          { registrantId },
          { method: 'GET', headers: { authorization: `Bearer ${idle}` } },
        )
      ).status,
    ).toBe(401);

    const token = await api.session('registrant', registrantId);
    const cookie = { cookie: `sb_session=${token}` };
    const crossSite = await call(
      'registration.setStatus',
      { registrationId: crypto.randomUUID(), status: 'ended' },
      {
        headers: { ...cookie, origin: 'https://attacker.example' },
      },
    );
    expect(crossSite).toMatchObject({
      status: 401,
      error: { message: 'a signed-in request must come from the hub’s own pages' },
    });
    // A browser that sends no Origin still says the request is cross-site.
    const noOrigin = await call(
      'registration.setStatus',
      { registrationId: crypto.randomUUID(), status: 'ended' },
      {
        headers: { ...cookie, 'sec-fetch-site': 'cross-site' },
      },
    );
    expect(noOrigin.status).toBe(401);
    // An HTML form can only send form encodings, which no procedure takes.
    const form = await fetch(`${api.baseUrl}/trpc/consent.revoke`, {
      method: 'POST',
      headers: { ...cookie, 'content-type': 'text/plain', origin: 'https://attacker.example' },
      body: JSON.stringify({ consentId: crypto.randomUUID() }),
    });
    expect(form.status).toBe(415);
    const sameSite = await call('consent.list', { registrantId }, { method: 'GET', headers: cookie });
    expect(sameSite.status).toBe(200);
  });

  it('sets the browser session cookie HttpOnly, Secure and SameSite=Strict', async () => {
    const dana = await verifiedRegistrant('cookie.jar@example.test');
    const code = await signInCode('cookie.jar@example.test', dana.contactPointId);
    const signedIn = await call('session.signInWithCode', {
      channel: 'email',
      address: 'cookie.jar@example.test',
      code,
    });
    expect(signedIn.data).not.toHaveProperty('token');
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^sb_session=sbs_[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=900$/,
    );
  });

  it('keeps each agency to its own: no other agency’s rejections, events or feed; a replayed assertion is refused', async () => {
    const assertion = (agencyId: string) =>
      signClientAssertion({ agencyId, key: hub.keys.get(agencyId)!, audience: api.baseUrl });
    const court = async () => ({ authorization: `Bearer ${await assertion('riverside-court')}` });

    const rejections = await call(
      'agency.recentRejections',
      { agencyId: 'county-jail' },
      {
        method: 'GET',
        headers: await court(),
      },
    );
    expect(rejections).toMatchObject({
      status: 403,
      error: { message: "agency riverside-court may act only on its own feed, not on county-jail's" },
    });
    const event = custodyRelease('county-jail', uniqueSubject());
    await hub.publish('county-jail', event);
    const status = await call(
      'caseEvent.status',
      { eventId: event.id },
      { method: 'GET', headers: await court() },
    );
    expect(status).toMatchObject({ status: 404 });
    const mapping = await call(
      'feed.setSnapshotMapping',
      { agencyId: 'county-jail', feed: 'custody_roster', mapping: {} },
      { headers: await court() },
    );
    expect(mapping.status).toBe(403);

    const once = { authorization: `Bearer ${await assertion('county-jail')}` };
    expect((await call('agency.recentRejections', {}, { method: 'GET', headers: once })).status).toBe(200);
    const replay = await call('agency.recentRejections', {}, { method: 'GET', headers: once });
    expect(replay).toMatchObject({ status: 401 });
    expect(replay.error?.message).toMatch(/already used/);
  });

  it('never hands out a private key, and lets nobody but the agency or an administrator add one', async () => {
    const { publicJwk } = await generateAgencyKey();
    const anonymous = await call('agency.addKey', { agencyId: 'county-jail', publicJwk });
    expect(anonymous).toMatchObject({
      status: 401,
      error: { message: expect.stringMatching(/^sign in first/) },
    });
    const byCoordinator = await api.as.coordinator.agency.addKey
      .mutate({ agencyId: 'county-jail', publicJwk })
      .catch((error: Error) => error.message);
    expect(byCoordinator).toMatch(/may not do this/);
    const own = await api.as.agency('county-jail').agency.addKey.mutate({ publicJwk });
    expect(own).not.toHaveProperty('privateJwk');
    expect(own.kid).toBeTruthy();
    // Every refusal is in the audit trail, with who was refused and why, and no personal data.
    const refusals = (await listAuditRecords(hub.db, {})).filter(
      (r) => r.action === 'api.agency.addKey' && r.outcome === 'refused',
    );
    expect(refusals.map((r) => r.actor)).toEqual(
      expect.arrayContaining(['an anonymous caller', 'coordinator Test coordinator (test-coordinator)']),
    );
  });

  it('hides a stack trace from every error answer', async () => {
    const broken = await call('registration.enrol', { subjectRef: 42 });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.error)).not.toMatch(/\bat \/|node_modules|\.ts:\d+/);
  });

  it('answers only to its own names: a rebinding Host header, and a path with broken percent-encoding, are refused', async () => {
    const { port } = new URL(api.baseUrl);
    const get = (path: string, host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
    // A page at attacker.example whose name now resolves to the hub's address.
    const rebound = await get('/trpc/session.whoAmI', `attacker.example:${port}`);
    expect(rebound.status).toBe(421);
    expect(rebound.body).toContain('this hub answers to');
    expect((await get('/health', `127.0.0.1:${port}`)).status).not.toBe(421);
    expect((await get('/agencies/%E0%A4%A/jwks.json', `127.0.0.1:${port}`)).status).toBe(400);
  });

  it('stops a client guessing inbox keys or sign-in codes, whatever address it tries', async () => {
    let refusal = '';
    for (let i = 0; i < 40 && !refusal; i++) {
      const answer = await call('session.signInWithInboxKey', { key: `${'A'.repeat(42)}${i % 10}` });
      if (answer.status === 429) refusal = JSON.stringify(answer.error);
      else expect(answer.status).toBe(401);
    }
    expect(refusal).toContain('too many attempts');
    // The same client is held back everywhere a proof is guessed, even at an address it never tried.
    const code = await call('session.signInWithCode', {
      channel: 'email',
      address: 'never.tried@example.test',
      code: '123456',
    });
    expect(code.status).toBe(429);
    expect(
      (await fetch(`${api.baseUrl}/inbox`, { headers: { authorization: `Bearer ${'B'.repeat(43)}` } }))
        .status,
    ).toBe(429);
  });

  it('lets an advocate act only on the registrations that name them with the victim’s agreement, audited', async () => {
    const advocate = {
      displayName: 'Riley Okafor',
      email: 'Riley.Okafor@harbourhouse.example',
      organisation: 'Harbour House',
    };
    const enrol = (extra: Record<string, unknown>) =>
      api.trpc.registration.enrol.mutate({
        agencyId: 'county-jail',
        subjectRef: uniqueSubject(),
        displayName: 'Noor',
        email: `noor-${crypto.randomUUID()}@example.test`,
        advocate,
        ...extra,
      } as never);
    const agreed = await enrol({
      onBehalf: { agreementObtainedAt: new Date().toISOString(), agreementMethod: 'in_person' },
    });
    const unagreed = await enrol({});
    const riley = api.as.advocate('riley.okafor@harbourhouse.example');
    const pause = (client: typeof riley, registrationId: string) =>
      client.registration.setStatus.mutate({
        registrationId,
        status: 'paused',
        reason: 'victim asked by phone',
      });

    expect(await pause(riley, agreed.registrationId)).toEqual({ status: 'paused' });
    const audited = (await listAuditRecords(hub.db, { limit: 100_000 })).filter(
      (r) => r.action === 'registration.change' && r.reason.startsWith(agreed.registrationId),
    );
    expect(audited.at(-1)).toMatchObject({
      actor: expect.stringContaining('advocate'),
      reason: expect.stringContaining('victim asked by phone'),
    });

    // No recorded agreement, another advocate, or something that is the registrant's alone: refused.
    await expect(pause(riley, unagreed.registrationId)).rejects.toThrow('names you as advocate');
    await expect(
      pause(api.as.advocate('someone.else@harbourhouse.example'), agreed.registrationId),
    ).rejects.toThrow('names you as advocate');
    await expect(
      riley.registration.setStatus.mutate({ registrationId: agreed.registrationId, status: 'active' }),
    ).rejects.toThrow('say why');
    const registrantId = (await findRegistrationOwner(hub.db, agreed.registrationId))!;
    await expect(riley.consent.list.query({ registrantId })).rejects.toThrow('may not do this');
  });
});
