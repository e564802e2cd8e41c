import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  newDataKey,
  newIndexKey,
  open,
  parseDataKeys as parseKeys,
  SealingError,
  seal,
  sealedUnder,
} from './data-keys';

const indexKey = newIndexKey();
const parseDataKeys = (spec: string | undefined) => parseKeys(spec, indexKey);

describe('data keys', () => {
  it('seals so that the value is unreadable and opens it again', async () => {
    const keyring = parseDataKeys(newDataKey());
    const sealed = await seal(keyring, '12 Elm Street, Riverside');
    expect(sealed).not.toContain('Elm');
    expect(sealedUnder(sealed)).toBe(keyring.current);
    expect(await open(keyring, sealed)).toBe('12 Elm Street, Riverside');
  });

  it('opens values sealed under an older key after a rotation, and seals new ones under the new key', async () => {
    const old = newDataKey();
    const sealedBefore = await seal(parseDataKeys(old), 'before');
    const rotated = parseDataKeys(`${newDataKey()},${old}`);
    expect(await open(rotated, sealedBefore)).toBe('before');
    expect(sealedUnder(await seal(rotated, 'after'))).toBe(rotated.current);
    expect(rotated.current).not.toBe(sealedUnder(sealedBefore));
  });

  it('refuses a value sealed under a key it does not hold, and a tampered value', async () => {
    const sealed = await seal(parseDataKeys(newDataKey()), 'secret');
    await expect(open(parseDataKeys(newDataKey()), sealed)).rejects.toThrow(/not in DATA_KEYS/);
    const keyring = parseDataKeys(newDataKey());
    const mine = await seal(keyring, 'secret');
    const parts = mine.split('.');
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('AA') ? 'BB' : 'AA');
    await expect(open(keyring, parts.join('.'))).rejects.toThrow();
  });

  it('indexes equal values equally under one index key, and differently under another', () => {
    const keyring = parseDataKeys(newDataKey());
    expect(blindIndex(keyring, '+14155550100')).toBe(blindIndex(parseDataKeys(newDataKey()), '+14155550100'));
    expect(blindIndex(keyring, '+14155550100')).not.toBe(blindIndex(keyring, '+14155550101'));
    expect(blindIndex(parseKeys(newDataKey(), newIndexKey()), '+14155550100')).not.toBe(
      blindIndex(keyring, '+14155550100'),
    );
    expect(() => parseKeys(newDataKey(), undefined)).toThrow(/DATA_INDEX_KEY/);
  });

  it('refuses to open a value that was never sealed', async () => {
    await expect(open(parseDataKeys(newDataKey()), 'alex@example.test')).rejects.toThrow(/reseal/);
  });

  it('says what is wrong with a bad DATA_KEYS', () => {
    expect(() => parseDataKeys(undefined)).toThrow(SealingError);
    expect(() => parseDataKeys('k1:short')).toThrow(/32 bytes/);
    expect(() => parseDataKeys('no-colon')).toThrow(/kid:key/);
    const key = newDataKey();
    expect(() => parseDataKeys(`${key},${key}`)).toThrow(/twice/);
  });
});
