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

  it('writes a brief notice for every other type that notifies', () => {
    const notice = composeNotice({ ...facts, type: 'court.hearing_rescheduled', data: {} }, 'es', 'Ana');
    expect(notice.text).toContain('Se ha cambiado la fecha de una audiencia (caso SUBJ-7)');
  });

  it('refuses to word an event that must never reach a victim unasked, or an unknown one', () => {
    expect(() =>
      composeNotice({ ...facts, type: 'restorative.apology_letter_received' }, 'en', 'Sam'),
    ).toThrow(/no notice wording/);
    expect(() => composeNotice({ ...facts, type: 'custody.vanished' }, 'en', 'Sam')).toThrow(
      /no notice wording/,
    );
  });
});
