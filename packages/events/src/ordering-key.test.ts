import { describe, expect, it } from 'vitest';
import { orderingKey } from './catalogue';

describe('what an event is about, for the order rule', () => {
  it('keeps hearings, parole reviews and protective orders apart, one thing each', () => {
    expect(orderingKey('court.hearing_scheduled', { hearingId: 'H-1' })).toBe('court:H-1');
    expect(orderingKey('court.hearing_rescheduled', { hearingId: 'H-1' })).toBe('court:H-1');
    expect(orderingKey('court.hearing_scheduled', { hearingId: 'H-2' })).toBe('court:H-2');
    expect(orderingKey('parole.decision', { reviewId: 'R-9' })).toBe('parole:R-9');
    expect(orderingKey('protective_order.expired', { orderId: 'PO-3' })).toBe('protective_order:PO-3');
  });

  it('keeps one story per family for custody and the rest', () => {
    expect(orderingKey('custody.released', { releasedAt: 'x' })).toBe('custody');
    expect(orderingKey('court.sentence_imposed', {})).toBe('court');
  });
});
