import { describe, expect, it } from 'vitest';
import { identityOf } from './staff-sign-in';

const settings = { rolesClaim: 'switchboard_roles', requiredAmr: ['mfa'] };

describe('what a staff sign-in must show', () => {
  it('takes the person and their known roles from the ID token', () => {
    expect(
      identityOf(
        {
          sub: 'u1',
          name: 'Casey Morgan',
          amr: ['pwd', 'otp', 'mfa'],
          switchboard_roles: ['coordinator', 'janitor'],
        },
        settings,
      ),
    ).toEqual({ subject: 'u1', name: 'Casey Morgan', roles: ['coordinator'] });
    expect(
      identityOf({ sub: 'u2', amr: ['mfa'], switchboard_roles: 'supervisor admin' }, settings).roles,
    ).toEqual(['supervisor', 'admin']);
  });

  it('refuses a single-factor sign-in, saying what was missing', () => {
    expect(() =>
      identityOf({ sub: 'u1', amr: ['pwd'], switchboard_roles: ['coordinator'] }, settings),
    ).toThrow('Switchboard needs a multi-factor sign-in (amr mfa); this one was pwd');
    expect(() => identityOf({ sub: 'u1', switchboard_roles: ['coordinator'] }, settings)).toThrow(
      /single-factor/,
    );
  });

  it('refuses someone with no Switchboard role', () => {
    expect(() => identityOf({ sub: 'u1', amr: ['mfa'], switchboard_roles: ['janitor'] }, settings)).toThrow(
      /holds no Switchboard role/,
    );
  });

  it('knows an advocate by the work email their organisation verified, and refuses one without it', () => {
    const advocate = { sub: 'u3', amr: ['mfa'], switchboard_roles: ['advocate'] };
    expect(
      identityOf({ ...advocate, email: 'Riley@HarbourHouse.example', email_verified: true }, settings),
    ).toEqual({
      subject: 'u3',
      name: 'u3',
      roles: ['advocate'],
      email: 'riley@harbourhouse.example',
    });
    expect(() => identityOf(advocate, settings)).toThrow(/verified work email/);
    expect(() => identityOf({ ...advocate, email: 'r@h.example', email_verified: false }, settings)).toThrow(
      /verified work email/,
    );
  });
});
