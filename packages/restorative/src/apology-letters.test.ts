import { describe, expect, it } from 'vitest';
import { noContactOrderStands } from './apology-letters';

const now = new Date('2026-12-03T12:00:00Z');
const issued = (orderId: string, noContact: boolean, expiresAt?: string) => ({
  type: 'protective_order.issued',
  data: { orderId, noContact, ...(expiresAt && { expiresAt }) },
});

describe('whether a no-contact order stands', () => {
  it('stands from its issue until it expires or ends', () => {
    expect(noContactOrderStands([issued('O1', true)], now)).toBe(true);
    expect(noContactOrderStands([issued('O1', true, '2027-01-01T00:00:00Z')], now)).toBe(true);
    expect(noContactOrderStands([issued('O1', true, '2026-12-01T00:00:00Z')], now)).toBe(false);
    expect(
      noContactOrderStands(
        [issued('O1', true), { type: 'protective_order.expired', data: { orderId: 'O1' } }],
        now,
      ),
    ).toBe(false);
  });

  it('follows a modification that adds or lifts no contact, and looks at each order on its own', () => {
    expect(noContactOrderStands([issued('O1', false)], now)).toBe(false);
    const added = { type: 'protective_order.modified', data: { orderId: 'O1', noContact: true } };
    expect(noContactOrderStands([issued('O1', false), added], now)).toBe(true);
    const lifted = { type: 'protective_order.modified', data: { orderId: 'O1', noContact: false } };
    expect(noContactOrderStands([issued('O1', true), lifted], now)).toBe(false);
    expect(
      noContactOrderStands(
        [
          issued('O1', true),
          issued('O2', false),
          { type: 'protective_order.expired', data: { orderId: 'O2' } },
        ],
        now,
      ),
    ).toBe(true);
  });
});
