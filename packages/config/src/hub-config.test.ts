import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './hub-config';

describe('loadConfig', () => {
  it('gives working defaults for a developer machine', () => {
    const config = loadConfig({});
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.SMTP_PORT).toBe(2525);
    expect(config.NATS_PREFIX).toBe('sb');
  });

  it('coerces numbers and keeps given values', () => {
    const config = loadConfig({ SMTP_PORT: '2600', NATS_PREFIX: 'hub2' });
    expect(config.SMTP_PORT).toBe(2600);
    expect(config.NATS_PREFIX).toBe('hub2');
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ SMTP_PORT: 'seventy', NATS_PREFIX: 'Bad.Prefix' })).toThrowError(ConfigError);
    try {
      loadConfig({ SMTP_PORT: 'seventy', NATS_PREFIX: 'Bad.Prefix' });
    } catch (error) {
      expect(String(error)).toContain('SMTP_PORT');
      expect(String(error)).toContain('NATS_PREFIX');
    }
  });
});
