import { describe, expect, it } from 'vitest';
import { type CompensationRules, checkEligibility, loadHelpData, servicesFor } from './help';

const rules: CompensationRules = {
  state: 'US-CA',
  programme: 'ca-calvcb',
  filingYears: 7,
  reportRequired: true,
  reportWithinDays: 30,
  cooperationRequired: true,
  expenseTypes: ['medical', 'funeral'],
};
const today = new Date('2026-12-03T12:00:00Z');

describe('help beyond notices', () => {
  it('reads the shipped directory and rules, every rule naming a programme the directory has', () => {
    const data = loadHelpData();
    expect(data.services.length).toBeGreaterThan(3);
    expect(data.rules.map((r) => r.state)).toContain('US-CA');
  });

  it('lists national services everywhere and a state’s only there', () => {
    const data = loadHelpData();
    const inCalifornia = servicesFor(data, 'US-CA-Riverside').map((s) => s.id);
    expect(inCalifornia).toContain('us-ndvh');
    expect(inCalifornia).toContain('ca-calvcb');
    expect(servicesFor(data, 'US-TX').map((s) => s.id)).not.toContain('ca-calvcb');
  });

  it('says likely when nothing stands in the way, with the filing deadline', () => {
    expect(
      checkEligibility(
        rules,
        {
          state: 'US-CA',
          crimeDate: '2025-06-01',
          reported: true,
          reportedAfterDays: 2,
          cooperating: true,
          expenses: ['medical', 'property'],
        },
        today,
      ),
    ).toEqual({ outcome: 'likely', reasons: [], deadline: '2032-06-01', covered: ['medical'] });
  });

  it('says ask, with every reason, never no: programmes make exceptions', () => {
    const result = checkEligibility(
      rules,
      {
        state: 'US-CA',
        crimeDate: '2018-01-01',
        reported: true,
        reportedAfterDays: 90,
        cooperating: false,
        expenses: ['property'],
      },
      today,
    );
    expect(result.outcome).toBe('ask');
    expect(result.reasons).toEqual([
      'past_deadline',
      'reported_late',
      'not_cooperating',
      'no_covered_expenses',
    ]);
    expect(
      checkEligibility(
        rules,
        {
          state: 'US-CA',
          crimeDate: '2026-01-01',
          reported: false,
          cooperating: true,
          expenses: ['funeral'],
        },
        today,
      ).reasons,
    ).toEqual(['not_reported']);
  });
});
