import { z } from 'zod';
import { type CaseEventType, catalogue, catalogueEntry, catalogueTypes } from './catalogue';
import { caseEventEnvelope } from './envelope';
import { exampleEvent } from './examples';

export interface EventReferenceEntry {
  type: CaseEventType;
  version: number;
  urgency: string;
  publishedBy: readonly string[];
  notifies: boolean;
  /** JSON Schema (draft 2020-12) of the whole CloudEvent of this type and version. */
  schema: Record<string, unknown>;
  example: ReturnType<typeof exampleEvent>;
}

/** The examples' clock, so the reference reads the same every time it is made. */
const EXAMPLE_NOW = new Date('2026-12-01T17:00:00Z');

/**
 * Every event type and version, from the schemas the hub itself validates with: what an agency's
 * developers read (`GET /events/schema`, docs/events.md) is what ingest checks.
 */
export function eventReference(): EventReferenceEntry[] {
  return catalogueTypes().flatMap((type) =>
    Object.keys(catalogue[type].versions).map((v) => {
      const entry = catalogueEntry(type, Number(v))!;
      const envelope = caseEventEnvelope.extend({
        type: z.literal(type),
        dataversion: z.literal(String(entry.version)).default('1'),
        data: entry.data,
      });
      return {
        type,
        version: entry.version,
        urgency: entry.urgency,
        publishedBy: entry.publishedBy,
        notifies: entry.notifies,
        schema: z.toJSONSchema(envelope, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
        example: exampleEvent(type, EXAMPLE_NOW),
      };
    }),
  );
}

/** docs/events.md: one section per type and version, its fields from its schema, an example each. */
export function eventReferenceMarkdown(): string {
  const out: string[] = [
    '# Event reference',
    '',
    '<!-- Generated from the event catalogue by `pnpm switchboard event-reference --out docs/events.md`;',
    '     a unit test fails when this file and the catalogue disagree. Do not edit by hand. -->',
    '',
    'Every case event is a CloudEvent 1.0 (structured JSON, binary `ce-*` headers, or a batch; see the',
    'README, "Agencies and their events") signed with the agency\'s key. The envelope is strict: an',
    "attribute not listed is refused. `subject` is the agency's own reference for the person or case,",
    'never a name. Times are RFC 3339 with an offset. The same schemas, as JSON Schema, are served at',
    '`GET /events/schema`.',
    '',
    '| type | version | urgency | published by |',
    '| --- | --- | --- | --- |',
  ];
  const entries = eventReference();
  for (const e of entries)
    out.push(
      `| [\`${e.type}\`](#${anchor(e.type, e.version)}) | ${e.version} | ${e.urgency} | ${e.publishedBy.join(', ')} |`,
    );
  for (const e of entries) {
    out.push('', `## ${e.type} v${e.version}`, '');
    out.push(
      `Urgency **${e.urgency}**${e.notifies ? '' : ' (tells nobody by itself)'}; published by ${e.publishedBy.join(', ')}.`,
      '',
      '| data field | type | required | notes |',
      '| --- | --- | --- | --- |',
    );
    const data = ((e.schema.properties as Record<string, Record<string, unknown>>).data ?? {}) as {
      properties?: Record<string, Record<string, unknown>>;
      required?: string[];
    };
    for (const [name, field] of Object.entries(data.properties ?? {}))
      out.push(
        `| \`${name}\` | ${typeOf(field)} | ${data.required?.includes(name) ? 'yes' : 'no'} | ${notesOf(field)} |`,
      );
    out.push('', '```json', JSON.stringify(e.example, null, 2), '```');
  }
  return `${out.join('\n')}\n`;
}

function anchor(type: string, version: number): string {
  return `${type}-v${version}`.replace(/[^a-z0-9 -]/g, '').toLowerCase();
}

function typeOf(field: Record<string, unknown>): string {
  if (Array.isArray(field.enum)) return `one of ${field.enum.map((v) => `\`${v}\``).join(', ')}`;
  if (field.type === 'array') return `list of ${typeOf((field.items ?? {}) as Record<string, unknown>)}`;
  if (field.format === 'date-time') return 'date and time';
  if (field.format === 'date') return 'date';
  if (Array.isArray(field.anyOf)) return (field.anyOf as Record<string, unknown>[]).map(typeOf).join(' or ');
  return String(field.type ?? 'any');
}

function notesOf(field: Record<string, unknown>): string {
  const notes: string[] = [];
  if (field.default !== undefined) notes.push(`default \`${JSON.stringify(field.default)}\``);
  if (typeof field.maxLength === 'number') notes.push(`at most ${field.maxLength} characters`);
  if (typeof field.pattern === 'string' && !field.format)
    notes.push('an identifier: letters, digits, `.`, `:`, `-`');
  if (typeof field.minimum === 'number' && typeof field.maximum === 'number')
    notes.push(`${field.minimum} to ${field.maximum}`);
  return notes.join('; ');
}
