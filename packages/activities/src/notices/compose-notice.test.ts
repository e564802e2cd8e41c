import { describe, expect, it } from 'vitest';
import { composeNotice } from './compose-notice';

const facts = {
  type: 'custody.released',
  subjectRef: 'SUBJ-7',
  occurredAt: new Date('2026-11-21T10:00:00Z'),
  data: { reason: 'bail', releasedAt: '2026-11-21T09:30:00Z', facility: 'County Jail', supervision: 'none' },
};

describe('composeNotice', () => {
  it('writes a plain English release notice with the case reference, place, time and reason', () => {
    const notice = composeNotice(facts, 'en', 'Sam');
    expect(notice.subject).toBe('Release notice for case SUBJ-7');
    expect(notice.text).toContain('Hello Sam');
    expect(notice.text).toContain('County Jail');
    expect(notice.text).toContain('bail was posted');
    expect(notice.text).toContain('9:30');
  });

  it('writes in Spanish when the registrant chose it', () => {
    const notice = composeNotice(facts, 'es', 'Ana');
    expect(notice.language).toBe('es');
    expect(notice.subject).toContain('caso SUBJ-7');
    expect(notice.text).toContain('se pagó la fianza');
  });

  it('falls back to English for a language it cannot write yet', () => {
    expect(composeNotice(facts, 'vi', 'Lan').language).toBe('en');
  });

  it('refuses an event type it has no wording for, rather than sending something vague', () => {
    expect(() => composeNotice({ ...facts, type: 'court.hearing_scheduled' }, 'en', 'Sam')).toThrow(
      /no notice wording/,
    );
  });
});
