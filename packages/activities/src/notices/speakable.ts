import type { NoticeLanguage } from './event-messages';

/**
 * A notice as a voice says it well: a case reference read character by character (not "two
 * thousand twenty-six"), US zones by name rather than as letters, "Dept." as a word, and no links,
 * which nobody can follow on a call.
 */
const zones: Record<string, string> = {
  EST: 'Eastern Standard Time',
  EDT: 'Eastern Daylight Time',
  CST: 'Central Standard Time',
  CDT: 'Central Daylight Time',
  MST: 'Mountain Standard Time',
  MDT: 'Mountain Daylight Time',
  PST: 'Pacific Standard Time',
  PDT: 'Pacific Daylight Time',
  AKST: 'Alaska Standard Time',
  AKDT: 'Alaska Daylight Time',
  HST: 'Hawaii Standard Time',
  UTC: 'Coordinated Universal Time',
};
const department: Record<NoticeLanguage, string> = {
  en: 'Department',
  es: 'Departamento',
  'zh-Hant': '法庭',
};

/** "BK-2026-000187" → "B K, 2 0 2 6, 0 0 0 1 8 7": letters and digits one by one, a pause per hyphen. */
export function spelledOut(reference: string): string {
  return reference
    .split(/[-_.:]/)
    .filter(Boolean)
    .map((part) => part.split('').join(' '))
    .join(', ');
}

export function speakable(text: string, language: NoticeLanguage): string {
  return text
    .split('\n')
    .filter((line) => !/https?:\/\//.test(line))
    .join('\n')
    .replace(/\b(?=[A-Z0-9._:-]*\d)(?=[A-Z0-9._:-]*[A-Z])[A-Z0-9][A-Z0-9._:-]{2,}[A-Z0-9]\b/g, spelledOut)
    .replace(/\b(AKST|AKDT|[ECMP][SD]T|HST|UTC)\b/g, (zone) => zones[zone] ?? zone)
    .replace(/\bDept\.?(?=\s)/g, department[language]);
}
