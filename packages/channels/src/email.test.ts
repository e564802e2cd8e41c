import { describe, expect, it } from 'vitest';
import { htmlOfText } from './email';

describe('the HTML part of a notice', () => {
  it('says the same words, a paragraph per block, links followable, markup escaped, in its language', () => {
    const html = htmlOfText('Hola, Ana:\n\nLínea <b>uno</b>\nhttps://hub.example/confirm/abc?x=1&y=2', 'es');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<p>Hola, Ana:</p>');
    expect(html).toContain('Línea &lt;b&gt;uno&lt;/b&gt;<br>');
    expect(html).toContain('<a href="https://hub.example/confirm/abc?x=1&amp;y=2">');
  });
});
