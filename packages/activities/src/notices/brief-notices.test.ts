import { describe, expect, it } from 'vitest';
import { briefNotice } from './brief-notices';
import { composeNotice } from './compose-notice';

const escaped = {
  type: 'custody.escaped',
  subjectRef: 'BK-2026-0042',
  data: { escapedAt: '2026-12-03T10:00:00Z', facility: 'North Facility' },
  occurredAt: new Date('2026-12-03T10:00:00Z'),
};

describe('brief notices, for a shared phone', () => {
  for (const language of ['en', 'es']) {
    it(`say only that there is an update and where to read it (${language}), keeping the notice for the portal`, () => {
      const full = composeNotice(escaped, language, 'Alex Rivera', 'America/Los_Angeles');
      const brief = briefNotice(
        { ...full, calendar: { method: 'REQUEST', content: 'BEGIN:VCALENDAR' } },
        true,
        'https://hub.example',
      );
      const said = `${brief.subject}\n${brief.text}`;
      for (const secret of ['BK-2026-0042', 'Alex', 'North Facility', '2026'])
        expect(said).not.toContain(secret);
      expect(brief.text).toContain('https://hub.example/');
      expect(brief.calendar).toBeUndefined();
      expect(brief.inPortal).toEqual({ subject: full.subject, text: full.text });
      expect(brief.language).toBe(language);
    });
  }

  it('says when the update is urgent, and asks for the confirmation in the portal', () => {
    const full = composeNotice(escaped, 'en', 'Alex Rivera');
    expect(briefNotice(full, true, 'https://hub.example').subject).toBe('Switchboard: an urgent update');
    expect(briefNotice(full, false, 'https://hub.example').text).not.toContain('tell us you got it');
  });
});
