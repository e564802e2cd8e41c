import { describe, expect, it } from 'vitest';
import { paroleDecisionNotice, paroleReviewNotice, paroleStatementReminderNotice } from './parole-notices';

const facts = {
  subjectRef: 'SUBJ-7',
  data: {
    reviewId: 'PR-1',
    scheduledFor: '2027-03-02T17:00:00Z',
    statementDeadline: '2027-02-20T08:00:00Z',
    board: 'State Board of Parole Hearings',
  },
};

describe('parole notices', () => {
  it('invites a statement with the deadline in the registrant’s own time zone and language', () => {
    const en = paroleReviewNotice(facts, 'en', 'Dana', 'America/Los_Angeles', 'https://hub/statement/t');
    // Intl puts a narrow no-break space before AM/PM.
    expect(en.text).toMatch(/until Saturday, February 20, 2027 at 12:00[\s\u202f]AM/);
    expect(en.text).toContain('https://hub/statement/t');
    expect(en.text).toContain('You do not have to');
    const es = paroleReviewNotice(facts, 'es', 'Dana', 'America/Los_Angeles', 'https://hub/statement/t');
    expect(es.subject).toBe('Revisión de libertad condicional: caso SUBJ-7');
    expect(es.text).toContain('No tiene que hacerlo');
  });

  it('falls back to the review date when the board set no deadline', () => {
    const { statementDeadline: _, ...data } = facts.data;
    const reminder = paroleStatementReminderNotice({ ...facts, data }, 'en', 'Dana', 'UTC', 'u');
    expect(reminder.text).toMatch(/until Tuesday, March 2, 2027 at 5:00[\s\u202f]PM/);
  });

  it('says the decision in plain words, and the next review when there is one', () => {
    const decided = { subjectRef: 'SUBJ-7', data: { decision: 'deferred', nextReviewBy: '2028-01-15' } };
    expect(paroleDecisionNotice(decided, 'en', 'Dana').text).toContain(
      'the decision was put off to a later review',
    );
    expect(paroleDecisionNotice(decided, 'es', 'Dana').text).toContain('2028-01-15');
  });
});
