import { describe, expect, it } from 'vitest';
import { isPublicAddress, privateTargetOf, publicOnlyLookup } from './webhook-target';

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.9',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('names what is wrong with a URL that points inward by its text alone', () => {
    expect(privateTargetOf('http://localhost:8080/in')).toBe('localhost is this machine');
    expect(privateTargetOf('https://case.localhost/in')).toContain('this machine');
    expect(privateTargetOf('http://169.254.169.254/latest/meta-data')).toContain('linkLocal');
    expect(privateTargetOf('http://[::1]:9000/')).toContain('loopback');
    expect(privateTargetOf('https://cases.harbourhouse.example/hooks')).toBeUndefined();
  });

  it('fails a lookup whose name resolves inward', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicOnlyLookup('localhost', {}, (e) => resolve(e)),
    );
    expect(error?.code).toBe('EPRIVATETARGET');
  });
});
