import { newDataKey, newIndexKey, parseDataKeys } from '@switchboard/sealing';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { runCodec } from './codec-server';
import { SealedPayloadCodec } from './sealed-payload-codec';

describe('sealed payload codec', () => {
  const keyring = parseDataKeys(newDataKey(), newIndexKey());
  const codec = new SealedPayloadCodec(keyring);

  it('seals a payload so its content is unreadable, and decodes it back exactly', async () => {
    const payload = defaultPayloadConverter.toPayload({ registrationId: 'r-1', note: 'Elm Street' });
    const [sealed] = await codec.encode([payload]);
    expect(Buffer.from(sealed!.data!).toString()).not.toContain('Elm');
    expect(Buffer.from(sealed!.metadata!['encryption-key-id']!).toString()).toBe(keyring.current);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({
      registrationId: 'r-1',
      note: 'Elm Street',
    });
  });

  it('passes through payloads it did not seal, and refuses ones sealed under an unknown key', async () => {
    const plain = defaultPayloadConverter.toPayload('plain');
    expect(await codec.decode([plain])).toEqual([plain]);
    const [foreign] = await new SealedPayloadCodec(parseDataKeys(newDataKey(), newIndexKey())).encode([
      plain,
    ]);
    await expect(codec.decode([foreign!])).rejects.toThrow(/not in DATA_KEYS/);
  });

  it('speaks the codec-server JSON protocol both ways', async () => {
    const payload = defaultPayloadConverter.toPayload({ consentId: 'c-1' });
    const json = {
      payloads: [
        {
          metadata: { encoding: Buffer.from(payload.metadata!.encoding!).toString('base64') },
          data: Buffer.from(payload.data!).toString('base64'),
        },
      ],
    };
    const encoded = await runCodec(codec, 'encode', JSON.stringify(json));
    expect(Buffer.from(encoded.payloads[0]!.metadata!.encoding!, 'base64').toString()).toBe(
      'binary/encrypted',
    );
    const decoded = await runCodec(codec, 'decode', JSON.stringify(encoded));
    expect(decoded).toEqual(json);
    await expect(runCodec(codec, 'decode', '{"nope": 1}')).rejects.toThrow(/payloads/);
  });
});
