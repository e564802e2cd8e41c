import { CompactSign, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateAgencyKey, publicKeyFromJwk, signEvent, verifyEventSignature } from './event-signature';

const body = JSON.stringify({ specversion: '1.0', id: 'evt-1', type: 'custody.released' });

describe('event signatures', () => {
  it('verifies a body signed with a registered key', async () => {
    const key = await generateAgencyKey();
    const signature = await signEvent(body, key);
    expect(signature).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(await verifyEventSignature(body, signature, [key])).toEqual({ ok: true, kid: key.kid });
  });

  it('refuses a body changed after signing', async () => {
    const key = await generateAgencyKey();
    const signature = await signEvent(body, key);
    const result = await verifyEventSignature(body.replace('evt-1', 'evt-2'), signature, [key]);
    expect(result).toMatchObject({ ok: false, code: 'bad_signature' });
  });

  it('refuses a signature by a key the agency does not hold, naming the key id', async () => {
    const mine = await generateAgencyKey();
    const forger = await generateAgencyKey();
    const result = await verifyEventSignature(body, await signEvent(body, forger), [mine]);
    expect(result).toMatchObject({ ok: false, code: 'unknown_key' });
    expect(!result.ok && result.message).toContain(forger.kid);
  });

  it('refuses a forger who reuses the victim agency key id with their own key', async () => {
    const mine = await generateAgencyKey();
    const forger = await generateAgencyKey();
    const forged = await signEvent(body, { kid: mine.kid, privateJwk: forger.privateJwk });
    expect(await verifyEventSignature(body, forged, [mine])).toMatchObject({
      ok: false,
      code: 'bad_signature',
    });
  });

  it('refuses a missing signature, a non-detached one, and other algorithms', async () => {
    const key = await generateAgencyKey();
    expect(await verifyEventSignature(body, undefined, [key])).toMatchObject({ code: 'missing_signature' });
    const attached = await new CompactSign(new TextEncoder().encode(body))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .sign(await importJWK(key.privateJwk, 'EdDSA'));
    expect(await verifyEventSignature(body, attached, [key])).toMatchObject({ code: 'bad_signature' });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: key.kid })).toString('base64url')}..x`;
    expect(await verifyEventSignature(body, none, [key])).toMatchObject({
      code: 'bad_signature',
      message: expect.stringContaining('EdDSA'),
    });
  });

  it('accepts an agency-supplied public key and refuses a private one', async () => {
    const key = await generateAgencyKey();
    const registered = await publicKeyFromJwk({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x });
    expect(registered.kid).toBe(key.kid);
    await expect(publicKeyFromJwk(key.privateJwk)).rejects.toThrow(/private key/);
    await expect(publicKeyFromJwk({ kty: 'RSA', n: 'x', e: 'AQAB' })).rejects.toThrow(/Ed25519/);
  });
});
