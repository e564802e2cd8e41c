import { describe, expect, it } from 'vitest';
import { textFooter, textKeyword } from './text-keywords';

describe('text keywords', () => {
  it('knows STOP, START and HELP as a whole reply, in English and Spanish, whatever the case or spacing', () => {
    expect(textKeyword('STOP')).toBe('stop');
    expect(textKeyword(' stop. ')).toBe('stop');
    expect(textKeyword('Unsubscribe')).toBe('stop');
    expect(textKeyword('alto')).toBe('stop');
    expect(textKeyword('Start')).toBe('start');
    expect(textKeyword('help!')).toBe('help');
    expect(textKeyword('Ayuda')).toBe('help');
  });

  it('leaves anything else alone: a PIN, a sentence with the word in it', () => {
    expect(textKeyword('482913')).toBeUndefined();
    expect(textKeyword('please stop calling me')).toBeUndefined();
    expect(textKeyword('')).toBeUndefined();
  });

  it('ends every text with how to stop and get help, in its language', () => {
    expect(textFooter('en')).toBe('Reply STOP to stop texts, HELP for help.');
    expect(textFooter('es')).toContain('ALTO');
  });
});
