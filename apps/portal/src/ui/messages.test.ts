import { describe, expect, it } from 'vitest';
import { english, languages, preferredLanguage } from './messages';
import { es } from './messages-es';
import { zhHant } from './messages-zh-hant';

const catalogue = { en: english, es, 'zh-Hant': zhHant };

// biome-ignore lint/suspicious/noExplicitAny: messages take numbers or strings; any placeholder will do
type Entry = string | ((...args: any[]) => string) | { [key: string]: Entry };

/** Every message as text: functions called with placeholder arguments. */
function flatten(entry: Entry, path = ''): [string, string][] {
  if (typeof entry === 'string') return [[path, entry]];
  if (typeof entry === 'function') return [[path, entry('reminder-48h', 'B', 'C', 'D')]]; // stands in for numbers too
  return Object.entries(entry).flatMap(([key, value]) => flatten(value, path ? `${path}.${key}` : key));
}

describe('the portal catalogue', () => {
  it("speaks the browser's first language it knows, else English", () => {
    expect(preferredLanguage(['es-MX', 'en-US'])).toBe('es');
    expect(preferredLanguage(['fr-FR', 'es'])).toBe('es');
    expect(preferredLanguage(['de-DE'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
    expect(preferredLanguage(['zh-TW', 'en'])).toBe('zh-Hant');
    expect(preferredLanguage(['zh-CN'])).toBe('zh-Hant');
  });

  it('gives every message in every language, and none is left in English by mistake', () => {
    const english = new Map(flatten(catalogue.en as Entry));
    for (const language of languages) {
      const messages = new Map(flatten(catalogue[language] as Entry));
      expect([...messages.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of messages) expect(text.trim(), `${language}: ${key}`).not.toBe('');
      if (language === 'en') continue;
      // Words that are the same in both languages, checked by a person: "No" is Spanish too.
      const sameInBoth = new Set(['no']);
      const copied = [...messages]
        .filter(([key, text]) => english.get(key) === text && !sameInBoth.has(key))
        .map(([key]) => key);
      expect(copied).toEqual([]);
    }
  });
});
