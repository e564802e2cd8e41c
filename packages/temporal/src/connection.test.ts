import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalTarget } from './connection';

const noFile = { TEMPORAL_CONFIG_FILE: join(tmpdir(), 'switchboard-no-such-temporal.toml') };

describe('where the hub finds Temporal', () => {
  it('is the local dev server when nothing says otherwise', () => {
    expect(temporalTarget(noFile)).toEqual({ address: '127.0.0.1:7233', namespace: 'default' });
  });

  it('takes Temporal Cloud with an API key from the environment, TLS on by itself', () => {
    const target = temporalTarget({
      ...noFile,
      TEMPORAL_ADDRESS: 'us-east-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'victims.a1b2c',
      TEMPORAL_API_KEY: 'not-a-real-key',
    });
    expect(target).toMatchObject({
      address: 'us-east-1.aws.api.temporal.io:7233',
      namespace: 'victims.a1b2c',
      apiKey: 'not-a-real-key',
      tls: true,
    });
  });

  it('reads a profile from the TOML file the temporal CLI uses, the environment overriding it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-envconfig-'));
    const file = join(dir, 'temporal.toml');
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(
      file,
      [
        '[profile.state]',
        'address = "temporal-frontend.switchboard.svc:7233"',
        'namespace = "switchboard"',
        '[profile.state.tls]',
        `server_ca_cert_path = "${join(dir, 'ca.pem')}"`,
        'server_name = "temporal-frontend"',
      ].join('\n'),
    );
    const target = temporalTarget({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'state' });
    expect(target.address).toBe('temporal-frontend.switchboard.svc:7233');
    expect(target.namespace).toBe('switchboard');
    expect(target.tls).toMatchObject({ serverNameOverride: 'temporal-frontend' });
    expect(
      temporalTarget({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'state', TEMPORAL_NAMESPACE: 'other' })
        .namespace,
    ).toBe('other');
  });

  it('refuses a profile that is not in the file, by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-envconfig-'));
    const file = join(dir, 'temporal.toml');
    writeFileSync(file, '[profile.default]\naddress = "x:7233"\n');
    expect(() => temporalTarget({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' })).toThrow(/nope/);
  });
});
