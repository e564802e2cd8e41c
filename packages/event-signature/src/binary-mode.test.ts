import { describe, expect, it } from 'vitest';
import { binaryModeHeaders, binarySigningInput } from './binary-mode';
import { generateAgencyKey, signEvent, verifyEventSignature } from './event-signature';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('binary-mode signing input', () => {
  const headers = {
    'Ce-Type': 'custody.escaped',
    'ce-id': 'evt-1',
    'ce-specversion': '1.0',
    'Content-Type': 'application/json',
    'user-agent': 'not covered',
  };

  it('is the ce-* headers sorted, the content type, a blank line and the body', () => {
    expect(text(binarySigningInput(headers, '{"a":1}'))).toBe(
      'ce-id:evt-1\nce-specversion:1.0\nce-type:custody.escaped\ncontent-type:application/json\n\n{"a":1}',
    );
    expect(binaryModeHeaders(headers)).toEqual({
      'ce-type': 'custody.escaped',
      'ce-id': 'evt-1',
      'ce-specversion': '1.0',
      'content-type': 'application/json',
    });
  });

  it('a signature over it fails when an attribute is changed, added or dropped on the way', async () => {
    const key = await generateAgencyKey();
    const signature = await signEvent(binarySigningInput(headers, '{}'), key);
    const keys = [{ kid: key.kid, publicJwk: key.publicJwk }];
    const check = (h: Record<string, string>) =>
      verifyEventSignature(binarySigningInput(h, '{}'), signature, keys);
    expect((await check({ ...headers, 'user-agent': 'other' })).ok).toBe(true);
    expect((await check({ ...headers, 'Ce-Type': 'custody.released' })).ok).toBe(false);
    expect((await check({ ...headers, 'ce-subject': 'X' })).ok).toBe(false);
    const { 'ce-id': _dropped, ...without } = headers;
    expect((await check(without)).ok).toBe(false);
  });
});
