import type { SafetyHold } from '@switchboard/db';
import { describe, expect, it } from 'vitest';
import { holdState, placeHoldInput } from './safety-holds';

const hold = (over: Partial<SafetyHold>): SafetyHold => ({
  id: 'h',
  agencyId: 'county-jail',
  eventId: 'evt-1',
  registrationIds: null,
  reason: 'endangers_victim',
  placedBy: 'agency county-jail',
  placedAt: new Date('2026-12-03T10:00:00Z'),
  endsAt: new Date('2026-12-06T10:00:00Z'),
  releasedAt: null,
  releasedBy: null,
  ...over,
});

describe('safety holds', () => {
  it('takes only a listed reason and an event id an agency could have published', () => {
    expect(placeHoldInput.safeParse({ eventId: 'evt-1', reason: 'endangers_victim' }).success).toBe(true);
    const free = placeHoldInput.safeParse({ eventId: 'evt-1', reason: 'he said so' });
    expect(free.success).toBe(false);
    expect(free.error?.issues[0]?.message).toContain('say why, with one of: endangers_victim');
    expect(placeHoldInput.safeParse({ eventId: '../evt', reason: 'endangers_victim' }).success).toBe(false);
    expect(
      placeHoldInput.safeParse({ eventId: 'evt-1', reason: 'endangers_victim', registrationIds: [] }).success,
    ).toBe(false);
  });

  it('is in force until released or until its end', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    expect(holdState(hold({}), now)).toBe('in_force');
    expect(holdState(hold({ releasedAt: now }), now)).toBe('released');
    expect(holdState(hold({}), new Date('2026-12-06T10:00:00Z'))).toBe('lapsed');
  });
});
