import { describe, expect, it } from 'vitest';
import { anonymous, type Caller, describeCaller, refusal, satisfies } from './caller';

const staff = (...roles: ('coordinator' | 'supervisor' | 'admin')[]): Caller => ({
  kind: 'staff',
  subject: 'sub-1',
  name: 'Casey Morgan',
  roles,
  sessionId: 's',
});
const jail: Caller = { kind: 'agency', agencyId: 'county-jail', assertionId: 'j' };
const victim: Caller = { kind: 'registrant', registrantId: 'r-1', sessionId: 's' };

describe('who may call what', () => {
  it('lets anyone through a public door but a caller whose credential failed', () => {
    expect(satisfies(anonymous, 'public')).toBe(true);
    expect(satisfies({ kind: 'refused', reason: 'expired session' }, 'public')).toBe(false);
    expect(refusal({ kind: 'refused', reason: 'expired session' }, ['public'])).toEqual({
      code: 'UNAUTHORIZED',
      message: 'expired session',
    });
  });

  it('asks the anonymous to sign in, and tells a known caller what the procedure is for', () => {
    expect(refusal(anonymous, ['coordinator'])).toEqual({
      code: 'UNAUTHORIZED',
      message: 'sign in first: this is for a signed-in coordinator',
    });
    expect(refusal(jail, ['coordinator', 'registrant-self'])).toEqual({
      code: 'FORBIDDEN',
      message:
        'agency county-jail may not do this: it is for a signed-in coordinator or a signed-in registrant',
    });
  });

  it('gives supervisors what coordinators have, and administrators only administration', () => {
    expect(satisfies(staff('supervisor'), 'coordinator')).toBe(true);
    expect(satisfies(staff('coordinator'), 'supervisor')).toBe(false);
    expect(satisfies(staff('admin'), 'coordinator')).toBe(false);
    expect(satisfies(staff('admin'), 'hub-admin')).toBe(true);
    expect(satisfies(staff(), 'coordinator')).toBe(false);
  });

  it('keeps agencies, registrants and staff apart', () => {
    expect(satisfies(jail, 'agency-own')).toBe(true);
    expect(satisfies(jail, 'registrant-self')).toBe(false);
    expect(satisfies(victim, 'registrant-self')).toBe(true);
    expect(satisfies(victim, 'coordinator')).toBe(false);
    expect(satisfies(staff('coordinator'), 'agency-own')).toBe(false);
  });

  it('names staff in the audit trail, and registrants only by id', () => {
    expect(describeCaller(staff('coordinator'))).toBe('coordinator Casey Morgan (sub-1)');
    expect(describeCaller(victim)).toBe('registrant r-1');
  });
});
