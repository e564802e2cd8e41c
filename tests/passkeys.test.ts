import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';
import { SoftwareAuthenticator } from './harness/software-authenticator';

/**
 * Passkeys over real HTTP with a real WebAuthn verifier (SimpleWebAuthn) and an authenticator in
 * software that signs as a phone would: a registrant adds one, and from then on a session must show
 * it before consents, details or the registration change; a replayed or foreign answer is refused.
 */
describe('registrants’ passkeys', () => {
  let hub: TestHub;
  let api: TestApi;
  let registrantId: string;
  // The hub's public URL: the origin its pages are served from, and its host the passkeys' RP ID.
  let origin: string;
  const rpId = '127.0.0.1';

  beforeAll(async () => {
    hub = await startHub(inject('services'), { worker: false });
    api = await startApi(hub);
    origin = new URL(api.ctx.publicUrl).origin;
    const registrationId = await hub.register(uniqueSubject(), {
      displayName: 'Ana Passkey',
      email: 'ana.passkey@example.test',
    });
    registrantId = await hub.registrantOf(registrationId);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const grantFrom = (client: ReturnType<TestApi['as']['registrant']>) =>
    client.consent.grant.mutate({
      registrantId,
      recipientAgencyId: 'riverside-court',
      purpose: 'victim_services',
      fields: ['name'],
      caseRef: 'PASSKEY-CASE',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      regime: 'systems_advocate',
      noticeHash: createHash('sha256').update('notice').digest('hex'),
    });

  it('asks nothing of someone without a passkey, then asks for it again once they have one', async () => {
    const phone = new SoftwareAuthenticator(origin);
    const first = api.as.registrant(registrantId);
    const granted = await grantFrom(first);
    expect(granted.consentId).toBeTruthy();

    const options = await first.passkey.registrationOptions.mutate();
    expect(options.rp.id).toBe(rpId);
    expect(JSON.stringify(options)).not.toContain('Ana'); // the device may be shared
    const { passkeyId } = await first.passkey.register.mutate({
      response: phone.create(options) as never,
    });
    expect(passkeyId).toBe(phone.credentialId.toString('base64url'));

    // Another session (a shared phone left signed in, a stolen cookie): the passkey first.
    const second = api.as.registrant(registrantId);
    await expect(grantFrom(second)).rejects.toThrow('confirm it is you with your passkey first');
    await expect(
      second.consent.recordDetail.mutate({ registrantId, field: 'address', value: '9 Elm Street' }),
    ).rejects.toThrow('passkey');
    // Taking a consent back never waits for it.
    expect(await second.consent.revoke.mutate({ consentId: granted.consentId })).toEqual({ revoked: true });

    const challenge = await second.passkey.checkOptions.mutate();
    const answer = phone.get(challenge, rpId);
    expect(await second.passkey.check.mutate({ response: answer as never })).toEqual({ shown: true });
    expect((await grantFrom(second)).consentId).toBeTruthy();

    // The same answer again: its challenge was spent.
    await expect(second.passkey.check.mutate({ response: answer as never })).rejects.toThrow(
      'passkey check first',
    );
  });

  it('refuses a passkey that is not theirs, and a new passkey added by a session that has not shown the old one', async () => {
    const third = api.as.registrant(registrantId);
    const stranger = new SoftwareAuthenticator(origin);
    const challenge = await third.passkey.checkOptions.mutate();
    await expect(
      third.passkey.check.mutate({ response: stranger.get(challenge, rpId) as never }),
    ).rejects.toThrow('not one of yours');
    await expect(third.passkey.registrationOptions.mutate()).rejects.toThrow('passkey first');
    await expect(grantFrom(third)).rejects.toThrow('passkey first');

    // A page on another origin cannot use the registrant's passkey for the hub.
    const phishing = new SoftwareAuthenticator('https://hub-login.example');
    const fourth = api.as.registrant(registrantId);
    const fresh = await fourth.passkey.checkOptions.mutate();
    await expect(
      fourth.passkey.check.mutate({ response: phishing.get(fresh, rpId) as never }),
    ).rejects.toThrow();
  });

  it('signs a registrant in with their passkey alone, once per challenge, and nobody with a stranger’s', async () => {
    // A passkey made in a session that shows it: the registrant's own phone.
    const phone = new SoftwareAuthenticator(origin);
    const other = await hub.register(uniqueSubject(), {
      displayName: 'Bo Passkey',
      email: 'bo.passkey@example.test',
    });
    const bo = await hub.registrantOf(other);
    const session = api.as.registrant(bo);
    await session.passkey.register.mutate({
      response: phone.create(await session.passkey.registrationOptions.mutate()) as never,
    });

    const options = await api.trpc.session.passkeySignInOptions.mutate();
    expect(options.allowCredentials ?? []).toEqual([]); // the authenticator offers what it holds
    const answer = phone.get(options, rpId);
    const signedIn = await api.trpc.session.signInWithPasskey.mutate({
      response: answer as never,
      as: 'bearer',
    });
    if (!('token' in signedIn)) throw new Error('asked for a bearer token');
    const who = await fetch(`${api.baseUrl}/trpc/portal.me`, {
      headers: { authorization: `Bearer ${signedIn.token}` },
    });
    expect(
      ((await who.json()) as { result: { data: { registrantId: string } } }).result.data.registrantId,
    ).toBe(bo);

    // The same answer again: its challenge was spent.
    await expect(
      api.trpc.session.signInWithPasskey.mutate({ response: answer as never, as: 'bearer' }),
    ).rejects.toThrow('already used');
    // A passkey nobody registered here, and one made for another site, open nothing.
    const stranger = new SoftwareAuthenticator(origin);
    await expect(
      api.trpc.session.signInWithPasskey.mutate({
        response: stranger.get(await api.trpc.session.passkeySignInOptions.mutate(), rpId) as never,
      }),
    ).rejects.toThrow('not known here');
    const phished = phone.answerFrom(
      'https://hub-login.example',
      await api.trpc.session.passkeySignInOptions.mutate(),
      rpId,
    );
    await expect(api.trpc.session.signInWithPasskey.mutate({ response: phished as never })).rejects.toThrow(
      'did not check out',
    );
  });
});
