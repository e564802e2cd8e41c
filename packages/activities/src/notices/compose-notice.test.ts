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

  it('gives a scheduled release its release date, in the registrant’s time zone, named', () => {
    const scheduled = {
      ...facts,
      type: 'custody.release_scheduled',
      occurredAt: new Date('2026-11-02T15:00:00Z'), // when the jail recorded it: not the release
      data: {
        scheduledFor: '2026-12-15T17:00:00Z',
        facility: 'North Facility',
        reason: 'sentence_completed',
      },
    };
    const notice = composeNotice(scheduled, 'en', 'Sam', 'America/Chicago');
    expect(notice.text).toContain(
      'The release is planned for Tuesday, December 15, 2026 at 11:00 AM CST, from North Facility. Reason: the sentence was completed.',
    );
    expect(notice.text).not.toContain('November 2');
    expect(composeNotice(scheduled, 'es', 'Ana', 'America/Chicago').text).toContain(
      'La liberación está prevista para el martes, 15 de diciembre de 2026',
    );
  });

  it('says where a transferred person went, and writes of a death with care and without safety advice', () => {
    const moved = composeNotice(
      {
        ...facts,
        type: 'custody.transferred',
        data: {
          transferredAt: '2026-11-21T18:00:00Z',
          fromFacility: 'County Jail',
          toFacility: 'State Prison, South',
        },
      },
      'en',
      'Sam',
      'America/Los_Angeles',
    );
    expect(moved.text).toContain(
      'moved from County Jail to State Prison, South on Saturday, November 21, 2026 at 10:00 AM PST',
    );
    const death = composeNotice(
      { ...facts, type: 'custody.deceased', data: { diedAt: '2026-11-21T18:00:00Z' } },
      'en',
      'Sam',
    );
    expect(death.text).not.toMatch(/911|unsafe/);
    expect(death.text).toContain('your victim advocate is there for you');
    expect(
      composeNotice(
        { ...facts, type: 'custody.deceased', data: { diedAt: '2026-11-21T18:00:00Z' } },
        'es',
        'Ana',
      ).text,
    ).not.toContain('911');
  });

  it('never broadcasts an answer to a restorative dialogue request to everyone registered', () => {
    expect(() =>
      composeNotice({ ...facts, type: 'restorative.dialogue_request_answered', data: {} }, 'en', 'Sam'),
    ).toThrow(/no notice wording/);
  });
});

describe('help beyond notices, linked where it fits', () => {
  const facts = (type: string, data: Record<string, unknown>) => ({
    type,
    subjectRef: 'BK-1',
    data,
    occurredAt: new Date('2026-12-03T10:00:00Z'),
  });
  it('links the help page after a release, an escape or a death, before the line on stopping notices', () => {
    const escaped = composeNotice(
      facts('custody.escaped', { escapedAt: '2026-12-03T10:00:00Z', facility: 'North' }),
      'es',
      'Ana',
      'UTC',
      'https://hub.example/#/help',
    );
    const lines = escaped.text.split('\n');
    expect(lines.at(-2)).toBe(
      'Ayuda y apoyo (líneas de ayuda, apoyo emocional, compensación): https://hub.example/#/help',
    );
    expect(lines.at(-1)).toContain('Puede pausar');
  });
  it('leaves other news as it was', () => {
    const hearing = composeNotice(
      facts('court.hearing_cancelled', { hearingId: 'H', previouslyScheduledFor: '2026-12-10T10:00:00Z' }),
      'en',
      'Ana',
      'UTC',
      'https://hub.example/#/help',
    );
    expect(hearing.text).not.toContain('/#/help');
  });
});

describe('whom to call', () => {
  const whomToCall = {
    agency: { name: 'Riverside County Jail', line: '+1 951-555-0100' },
    crisis: { name: '988 Suicide & Crisis Lifeline', phone: '988' },
  };
  it('names the agency for questions, and a crisis line only where the news may put someone at risk', () => {
    const release = composeNotice(facts, 'en', 'Sam', 'UTC', undefined, { whomToCall });
    expect(release.text).toContain(
      'To talk to someone now, day or night: 988 Suicide & Crisis Lifeline, 988.',
    );
    expect(release.text).toContain('Questions about this notice: Riverside County Jail, +1 951-555-0100.');
    const hearing = composeNotice(
      {
        ...facts,
        type: 'court.hearing_cancelled',
        data: { hearingId: 'H-1', previouslyScheduledFor: '2027-01-05T18:30:00Z' },
      },
      'es',
      'Ana',
      'UTC',
      undefined,
      { whomToCall },
    );
    expect(hearing.text).not.toContain('988');
    expect(hearing.text).toContain('Preguntas sobre este aviso: Riverside County Jail, +1 951-555-0100.');
  });
});
