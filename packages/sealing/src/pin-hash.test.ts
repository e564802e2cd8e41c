import { describe, expect, it } from 'vitest';
import { hashPin, pinMatches } from './pin-hash';

describe('PIN hashes', () => {
  it('match the PIN they were made from and no other', async () => {
    const stored = await hashPin('4821');
    expect(stored).not.toContain('4821');
    expect(await pinMatches('4821', stored)).toBe(true);
    expect(await pinMatches('4822', stored)).toBe(false);
    expect(await pinMatches('', stored)).toBe(false);
  });

  it('are salted: the same PIN hashes differently each time', async () => {
    expect(await hashPin('4821')).not.toBe(await hashPin('4821'));
  });

  it('refuse a stored value they did not make', async () => {
    expect(await pinMatches('4821', 'plain-4821')).toBe(false);
  });
});
