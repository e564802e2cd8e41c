import { describe, expect, it } from 'vitest';
import { speakable, spelledOut } from './speakable';

describe('what a call says', () => {
  it('reads a case reference character by character, zones by name, Dept. as a word, and no links', () => {
    expect(spelledOut('BK-2026-000187')).toBe('B K, 2 0 2 6, 0 0 0 1 8 7');
    expect(
      speakable(
        'A court hearing has been moved (case CR2026-01177).\nThe hearing will now be on Tuesday, January 19, 2027 at 10:30 AM PST, at Riverside Hall of Justice, Dept. 12.\nHelp: https://hub.example/#/help',
        'en',
      ),
    ).toBe(
      'A court hearing has been moved (case C R 2 0 2 6, 0 1 1 7 7).\nThe hearing will now be on Tuesday, January 19, 2027 at 10:30 AM Pacific Standard Time, at Riverside Hall of Justice, Department 12.',
    );
    expect(speakable('en Riverside, Dept. 4', 'es')).toBe('en Riverside, Departamento 4');
    // Words and plain numbers are left as they are.
    expect(speakable('36 months in custody, and 24 months of probation.', 'en')).toBe(
      '36 months in custody, and 24 months of probation.',
    );
  });
});
