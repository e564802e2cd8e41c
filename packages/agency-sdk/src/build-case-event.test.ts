import { parseCaseEvent } from '@switchboard/events';
import { describe, expect, it } from 'vitest';
import { buildCaseEvent, CaseEventInvalid } from './build-case-event';

describe('buildCaseEvent', () => {
  it('builds an event the hub parses as valid', () => {
    const event = buildCaseEvent('county-jail', 'custody.transferred', {
      subject: 'BK-2026-118',
      data: {
        transferredAt: '2026-11-21T08:00:00Z',
        fromFacility: 'County Jail',
        toFacility: 'State Prison',
      },
    });
    expect(event).toMatchObject({
      source: '/agencies/county-jail',
      type: 'custody.transferred',
      dataversion: '1',
    });
    expect(parseCaseEvent(JSON.stringify(event), { publishedAs: 'county-jail' }).ok).toBe(true);
  });

  it('names the field an agency got wrong before anything is sent', () => {
    expect(() =>
      buildCaseEvent('riverside-court', 'court.hearing_scheduled', {
        subject: 'CR-1',
        data: {
          hearingId: 'H-1',
          hearingType: 'picnic' as never,
          scheduledFor: '2026-12-01T09:00:00Z',
          court: 'Dept 3',
        },
      }),
    ).toThrowError(CaseEventInvalid);
    try {
      buildCaseEvent('county-jail', 'custody.escaped', {
        subject: 'has spaces',
        data: { escapedAt: 'x', facility: 'J' },
      });
    } catch (error) {
      expect((error as CaseEventInvalid).field).toBe('data.escapedAt');
    }
  });
});
