import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES, parseCaseEvent, publisherRejection } from './parse-case-event';

const now = new Date('2026-11-21T12:00:00Z');

function release(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: 'evt-0001',
    source: '/agencies/county-jail',
    type: 'custody.released',
    subject: 'SUBJ-2026-0042',
    time: '2026-11-21T11:58:00Z',
    data: { reason: 'bail', releasedAt: '2026-11-21T11:55:00Z', facility: 'County Jail, Block C', ...data },
    ...overrides,
  };
}

const parse = (event: unknown, publishedAs = 'county-jail') =>
  parseCaseEvent(typeof event === 'string' ? event : JSON.stringify(event), { publishedAs, now });

describe('parseCaseEvent', () => {
  it('accepts a valid custody release and fills defaults', () => {
    const result = parse(release());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event).toMatchObject({
      agencyId: 'county-jail',
      eventId: 'evt-0001',
      type: 'custody.released',
      version: 1,
      subjectRef: 'SUBJ-2026-0042',
      data: { reason: 'bail', supervision: 'none' },
    });
    expect(result.event.entry.urgency).toBe('high');
    expect(result.event.occurredAt.toISOString()).toBe('2026-11-21T11:58:00.000Z');
  });

  it.each([
    ['not json', '{"specversion":', 'malformed_json', undefined],
    ['missing subject', release({ subject: undefined }), 'invalid_envelope', 'subject'],
    ['wrong specversion', release({ specversion: '0.3' }), 'invalid_envelope', 'specversion'],
    ['unknown attribute', release({ victimname: 'x' }), 'invalid_envelope', 'victimname'],
    ['other agency as source', release({ source: '/agencies/state-prison' }), 'source_mismatch', 'source'],
    ['unknown type', release({ type: 'custody.vanished' }), 'unknown_type', 'type'],
    ['unknown version', release({ dataversion: '9' }), 'unknown_version', 'dataversion'],
    ['bad reason', release({}, { reason: 'good_behaviour' }), 'invalid_data', 'data.reason'],
    ['missing facility', release({}, { facility: undefined }), 'invalid_data', 'data.facility'],
    ['extra data field', release({}, { victimAddress: '1 Main St' }), 'invalid_data', 'data.victimAddress'],
    ['time far ahead', release({ time: '2026-11-21T13:00:00Z' }), 'time_in_future', 'time'],
  ])('rejects %s with a code and the field to fix', (_name, event, code, field) => {
    const result = parse(event);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe(code);
    expect(result.rejection.field).toBe(field);
    expect(result.rejection.message.length).toBeGreaterThan(10);
    if (field) expect(result.rejection.message).toContain(field);
  });

  it('refuses a payload over the limit before parsing it, and says the limit', () => {
    const big = JSON.stringify(release({}, { facility: 'x'.repeat(MAX_EVENT_BYTES) }));
    const result = parse(big);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('payload_too_large');
    expect(result.rejection.message).toContain(String(MAX_EVENT_BYTES));
  });

  it('keeps the event id of a rejected event so the agency can match the answer', () => {
    const result = parse(release({}, { reason: 'nope' }));
    expect(result.ok ? undefined : result.eventId).toBe('evt-0001');
  });
});

describe('publisherRejection', () => {
  it('lets a jail publish a release and refuses a court', () => {
    const result = parse(release());
    if (!result.ok) throw new Error('fixture must parse');
    expect(publisherRejection(result.event.entry, 'jail')).toBeUndefined();
    expect(publisherRejection(result.event.entry, 'court')).toMatchObject({
      code: 'type_not_allowed',
      message: expect.stringContaining('not allowed for agency kind court'),
    });
  });

  it('names every problem at once, in the envelope and in the data', () => {
    const event = { ...release({}, { reason: 'vanished', facility: '' }), subject: 'Jane Doe', extra: 1 };
    const result = parseCaseEvent(JSON.stringify(event), { publishedAs: 'county-jail' });
    if (result.ok) throw new Error('expected a rejection');
    const fields = result.rejection.problems?.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['subject', 'extra', 'data.reason', 'data.facility']));
    expect(result.rejection.field).toBe(fields?.[0]);
    for (const field of ['subject', 'data.reason', 'data.facility'])
      expect(result.rejection.message).toContain(field);
  });
});
