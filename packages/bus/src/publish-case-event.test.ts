import { describe, expect, it } from 'vitest';
import { jetstreamMessageId } from './publish-case-event';

describe('the JetStream message id of a case event', () => {
  const body = JSON.stringify({ id: 'evt-1', type: 'custody.released' });

  it('is the same for a true repeat, so JetStream absorbs it', () => {
    expect(jetstreamMessageId(body, 'h..s')).toBe(jetstreamMessageId(body, 'h..s'));
    expect(jetstreamMessageId(body, 'h..s')).toMatch(/^evt-1:[\w-]{22}$/);
  });

  it('differs when the same bytes come unsigned or under another signature, so neither stands in for the other', () => {
    const ids = new Set([
      jetstreamMessageId(body, undefined),
      jetstreamMessageId(body, ''),
      jetstreamMessageId(body, 'h..s'),
      jetstreamMessageId(body, 'h..t'),
      jetstreamMessageId(`${body} `, 'h..s'),
    ]);
    expect(ids.size).toBe(5);
  });
});
