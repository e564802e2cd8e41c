import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from './quiet-hours';

describe('quietHoursEnd', () => {
  const night = { start: '22:00', end: '07:00' };

  it('is undefined without quiet hours or outside them', () => {
    expect(quietHoursEnd(new Date('2026-11-21T12:00:00Z'), 'UTC', undefined)).toBeUndefined();
    expect(quietHoursEnd(new Date('2026-11-21T12:00:00Z'), 'UTC', night)).toBeUndefined();
    expect(quietHoursEnd(new Date('2026-11-21T07:00:00Z'), 'UTC', night)).toBeUndefined();
  });

  it('ends the same morning when inside a window that wraps past midnight', () => {
    expect(quietHoursEnd(new Date('2026-11-21T23:30:00Z'), 'UTC', night)?.toISOString()).toBe(
      '2026-11-22T07:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-11-21T03:15:40Z'), 'UTC', night)?.toISOString()).toBe(
      '2026-11-21T07:00:00.000Z',
    );
  });

  it("reads the clock in the registrant's time zone", () => {
    // 05:00 UTC is 21:00 the evening before in Los Angeles (UTC-8 in November): not quiet yet.
    expect(quietHoursEnd(new Date('2026-11-21T05:00:00Z'), 'America/Los_Angeles', night)).toBeUndefined();
    // 08:00 UTC is 00:00 in Los Angeles: quiet until 07:00 there, 15:00 UTC.
    expect(quietHoursEnd(new Date('2026-11-21T08:00:00Z'), 'America/Los_Angeles', night)?.toISOString()).toBe(
      '2026-11-21T15:00:00.000Z',
    );
  });

  it('handles a window within one day', () => {
    const afternoon = { start: '13:00', end: '15:30' };
    expect(quietHoursEnd(new Date('2026-11-21T14:00:00Z'), 'UTC', afternoon)?.toISOString()).toBe(
      '2026-11-21T15:30:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-11-21T15:30:00Z'), 'UTC', afternoon)).toBeUndefined();
  });
});
