import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueTypes } from './catalogue';
import { eventReference, eventReferenceMarkdown } from './event-reference';
import { parseCaseEvent } from './parse-case-event';

describe('the event reference', () => {
  it('has a JSON Schema and an example for every type, and each example is an event the hub accepts', () => {
    const entries = eventReference();
    expect(entries.map((e) => e.type)).toEqual(catalogueTypes());
    for (const entry of entries) {
      expect(entry.schema.$schema).toContain('json-schema.org');
      const publishedAs = entry.example.source.replace('/agencies/', '');
      const parsed = parseCaseEvent(JSON.stringify(entry.example), {
        publishedAs,
        now: new Date('2026-12-01T17:00:00Z'),
      });
      expect(parsed.ok, `${entry.type}: ${JSON.stringify(!parsed.ok && parsed.rejection)}`).toBe(true);
    }
  });

  it('docs/events.md is what the catalogue says (regenerate: pnpm switchboard event-reference --out docs/events.md)', () => {
    const written = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');
    expect(written).toBe(eventReferenceMarkdown());
  });
});
