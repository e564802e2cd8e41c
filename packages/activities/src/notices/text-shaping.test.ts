import { describe, expect, it } from 'vitest';
import { composeNotice } from './compose-notice';
import { MAX_TEXT_SEGMENTS, segmentsOf, shapeText } from './text-shaping';
import { withConfirmationRequest } from './urgent-notices';

const hearing = (language: string) =>
  composeNotice(
    {
      type: 'court.hearing_rescheduled',
      subjectRef: 'CR2026-01177',
      occurredAt: new Date('2026-12-02T18:00:00Z'),
      data: {
        hearingId: 'H-1',
        previouslyScheduledFor: '2027-01-05T18:30:00Z',
        scheduledFor: '2027-01-19T18:30:00Z',
        court: 'Riverside Hall of Justice, Criminal',
        courtroom: 'Dept 12',
      },
    },
    language,
    'Robin',
    'America/Los_Angeles',
  );
const footer = {
  en: 'Reply STOP to stop texts, HELP for help.',
  es: 'Responda ALTO para no recibir más mensajes, AYUDA para ayuda.',
};

describe('texts within their segments', () => {
  it('counts GSM-7 and UCS-2: one accented letter makes a text UCS-2, 67 characters a segment', () => {
    expect(segmentsOf('a'.repeat(160))).toEqual({ segments: 1, encoding: 'GSM-7' });
    expect(segmentsOf('a'.repeat(161)).segments).toBe(2);
    expect(segmentsOf(`${'a'.repeat(69)}ó`)).toEqual({ segments: 1, encoding: 'UCS-2' });
    expect(segmentsOf(`${'a'.repeat(70)}ó`).segments).toBe(2);
  });

  it('sends a notice whole when it fits, with the dates and court kept, and the footer last', () => {
    const text = shapeText(hearing('en'), footer.en, 'https://hub.example');
    expect(segmentsOf(text).segments).toBeLessThanOrEqual(MAX_TEXT_SEGMENTS);
    expect(text).toContain('January 19, 2027');
    expect(text).toContain('Dept 12');
    expect(text.split('\n').at(-1)).toBe(footer.en);
    expect(text).not.toContain('Hello Robin');
  });

  it('shortens a Spanish notice (UCS-2) by its closings first, never its footer', () => {
    const notice = hearing('es');
    expect(segmentsOf(notice.text).segments).toBeGreaterThan(MAX_TEXT_SEGMENTS);
    const text = shapeText(notice, footer.es, 'https://hub.example');
    expect(segmentsOf(text)).toMatchObject({ encoding: 'UCS-2' });
    expect(segmentsOf(text).segments).toBeLessThanOrEqual(MAX_TEXT_SEGMENTS);
    expect(text).toContain('Se ha cambiado la fecha de una audiencia (caso CR2026-01177).');
    expect(text.split('\n').at(-1)).toBe(footer.es);
  });

  it('keeps an urgent notice’s confirmation link, said shortly, when the rest must give way', () => {
    const asked = withConfirmationRequest(
      hearing('es'),
      'https://hub.example/confirm/abcdefghijklmnopqrstuvwxyz0123456789',
      1,
    );
    const urgent = { ...asked, text: `${asked.text}\nO responda 482913 para confirmar.` };
    const text = shapeText(urgent, footer.es, 'https://hub.example');
    expect(text).toContain('O responda 482913 para confirmar.');
    expect(segmentsOf(text).segments).toBeLessThanOrEqual(MAX_TEXT_SEGMENTS);
    expect(text.split('\n').at(-1)).toBe(footer.es);
    // Without a PIN to reply with, the link is what confirms: kept, said shortly.
    const linkOnly = shapeText(asked, footer.es, 'https://hub.example');
    expect(segmentsOf(linkOnly).segments).toBeLessThanOrEqual(MAX_TEXT_SEGMENTS);
    expect(linkOnly).toContain(
      'Díganos que lo recibió:\nhttps://hub.example/confirm/abcdefghijklmnopqrstuvwxyz0123456789',
    );
  });
});
