import { describe, expect, it } from 'vitest';
import { busNames } from './subjects';

describe('busNames', () => {
  const names = busNames('sb');

  it('keeps each agency under its own prefix', () => {
    expect(names.agencyEvents('county-jail')).toBe('sb.agency.county-jail.events');
    expect(names.agencyReceipts('county-jail')).toBe('sb.agency.county-jail.receipts');
  });

  it('reads the publishing agency back from a subject, and nothing else', () => {
    expect(names.agencyFromSubject('sb.agency.county-jail.events')).toBe('county-jail');
    expect(names.agencyFromSubject('other.agency.county-jail.events')).toBeUndefined();
    expect(names.agencyFromSubject('sb.agency.a.b.events')).toBeUndefined();
  });

  it('derives stream names from the prefix so hubs can share a server', () => {
    expect(busNames('t1').caseEventStream).toBe('T1_CASE_EVENTS');
  });
});
