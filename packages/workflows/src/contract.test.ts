import { describe, expect, it } from 'vitest';
import { caseEventSummary, caseEventWorkflowId, notificationWorkflowId } from './contract';

describe('workflow contract', () => {
  it('derives the case-event workflow id from agency and event id only', () => {
    expect(caseEventWorkflowId('county-jail', 'evt-1')).toBe('case-event:county-jail:evt-1');
    expect(caseEventWorkflowId('county-jail', 'evt-1')).toBe(caseEventWorkflowId('county-jail', 'evt-1'));
    expect(caseEventWorkflowId('county-jail', 'evt-1')).not.toBe(
      caseEventWorkflowId('state-prison', 'evt-1'),
    );
  });

  it('gives each registration and channel its own notification id', () => {
    const base = { agencyId: 'a', caseEventId: 'c', registrationId: 'r1' };
    expect(notificationWorkflowId(base)).not.toBe(notificationWorkflowId({ ...base, registrationId: 'r2' }));
  });

  it('summarises with identifiers a coordinator can search for', () => {
    const summary = caseEventSummary({
      caseEventId: 'c',
      agencyId: 'county-jail',
      eventId: 'evt-1',
      type: 'custody.released',
      subjectRef: 'SUBJ-1',
      urgency: 'high',
      notifies: true,
    });
    expect(summary).toBe('custody.released (high) from county-jail about subject SUBJ-1, event evt-1');
  });
});
