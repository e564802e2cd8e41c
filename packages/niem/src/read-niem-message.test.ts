import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { niemCaseEvent } from './niem-case-event';
import { niemProfile } from './profile';
import { NiemRefused, niemEventId, readNiemMessage, releaseReason } from './read-niem-message';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const profile = niemProfile.parse({
  facility: 'Riverside County Jail',
  timeZone: 'America/Los_Angeles',
  hearingCodes: { PRLM: 'preliminary', ARGN: 'arraignment' },
});
const now = new Date('2026-12-02T12:00:00Z');
const personal = [
  'Marisol',
  'Quintanilla',
  '1987-04-12',
  '555-12-9876',
  'PHOTO',
  'Larkspur',
  'sister',
  'Whitfield',
  '88812',
];

function refusal(run: () => unknown): NiemRefused {
  try {
    run();
  } catch (error) {
    if (error instanceof NiemRefused) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('NIEM booking and release', () => {
  it('reads a booking: record id, time in the jail zone, charges (description, else code), nothing personal', () => {
    const facts = readNiemMessage(fixture('booking.xml'), { profile });
    expect(facts).toEqual({
      eventId: expect.stringMatching(/^niem-[0-9a-f]{40}$/),
      kind: 'booking',
      subjectRef: 'BK-2026-004512',
      bookedAt: '2026-11-30T22:15:00-08:00',
      charges: ['Corporal injury to a spouse or cohabitant', 'PC 166(c)(1)'],
    });
    const event = niemCaseEvent(facts, { agencyId: 'county-jail', facility: profile.facility!, now });
    expect(event).toMatchObject({
      type: 'custody.booked',
      subject: 'BK-2026-004512',
      source: '/agencies/county-jail',
    });
    for (const word of personal) expect(JSON.stringify(event)).not.toContain(word);
  });

  it('reads a release with niem-core as the default namespace and CRLF, and maps the free-text reason', () => {
    const text = fixture('release-default-namespace-crlf.xml');
    expect(text).toContain('\r\n');
    const facts = readNiemMessage(text, { profile });
    expect(facts).toMatchObject({ kind: 'release', releasedAt: '2026-12-02T09:40:00-08:00', reason: 'bail' });
    const event = niemCaseEvent(facts, { agencyId: 'county-jail', facility: 'Riverside County Jail', now });
    expect(event.data).toEqual({
      reason: 'bail',
      releasedAt: '2026-12-02T09:40:00-08:00',
      facility: 'Riverside County Jail',
      supervision: 'none',
    });
    for (const word of personal) expect(JSON.stringify(event)).not.toContain(word);
  });

  it('a release not completed with a scheduled date is a scheduled release', () => {
    const text = fixture('release-default-namespace-crlf.xml')
      .replace('<ActivityCompletedIndicator>true', '<ActivityCompletedIndicator>false')
      .replace(
        /<ActivityDate><DateTime>2026-12-02T09:40:00<\/DateTime><\/ActivityDate>/,
        '<ActivityScheduledDate><Date>2026-12-20</Date></ActivityScheduledDate>',
      );
    const facts = readNiemMessage(text, { profile });
    expect(facts).toMatchObject({ kind: 'release-scheduled', scheduledFor: '2026-12-20T00:00:00-08:00' });
    expect(niemCaseEvent(facts, { agencyId: 'county-jail', facility: 'X', now }).type).toBe(
      'custody.release_scheduled',
    );
  });

  it('the message type decides booking or release, and the same bytes are the same event', () => {
    const text = fixture('release-default-namespace-crlf.xml');
    expect(readNiemMessage(text, { profile, messageType: 'Booking' }).kind).toBe('booking');
    expect(niemEventId(text)).toBe(readNiemMessage(text, { profile }).eventId);
  });

  it('maps reasons by their words, unknown to other', () => {
    expect(releaseReason('Released on own recognizance')).toBe('own_recognizance');
    expect(releaseReason('ROR per judge')).toBe('own_recognizance');
    expect(releaseReason('TIME SERVED')).toBe('sentence_completed');
    expect(releaseReason('Charges dismissed by DA')).toBe('charges_dropped');
    expect(releaseReason('to ICE custody')).toBe('other');
    expect(releaseReason(undefined)).toBe('other');
  });
});

describe('NIEM court events', () => {
  it('add: docket + sequence is the hearing, the court code table gives its type, room and court read', () => {
    const facts = readNiemMessage(fixture('court-event-add.xml'), { profile });
    expect(facts).toMatchObject({
      kind: 'court-event',
      operation: 'add',
      subjectRef: 'CR-2026-00931',
      hearingId: 'CR-2026-00931-3',
      hearingType: 'preliminary',
      scheduledFor: '2027-01-14T09:30:00-08:00',
      court: 'Riverside Superior Court, Hall of Justice',
      courtroom: 'Dept. 41',
    });
    const event = niemCaseEvent(facts, { agencyId: 'riverside-court', facility: 'x', now });
    expect(event.type).toBe('court.hearing_scheduled');
    for (const word of personal) expect(JSON.stringify(event)).not.toContain(word);
  });

  it('update is a reschedule from the remembered schedule; without one, a first schedule', () => {
    const facts = readNiemMessage(fixture('court-event-update.xml'), { profile });
    expect(facts).toMatchObject({
      operation: 'update',
      scheduledFor: '2027-02-03T13:30:00-08:00',
      courtroom: 'Dept. 12',
    });
    const previousSchedule = '2027-01-14T09:30:00-08:00';
    expect(niemCaseEvent(facts, { agencyId: 'c', facility: 'x', now, previousSchedule })).toMatchObject({
      type: 'court.hearing_rescheduled',
      data: { previouslyScheduledFor: previousSchedule, scheduledFor: '2027-02-03T13:30:00-08:00' },
    });
    expect(niemCaseEvent(facts, { agencyId: 'c', facility: 'x', now }).type).toBe('court.hearing_scheduled');
  });

  it('delete is a cancellation of the remembered schedule', () => {
    const facts = readNiemMessage(fixture('court-event-delete.xml'), { profile });
    expect(
      niemCaseEvent(facts, {
        agencyId: 'c',
        facility: 'x',
        now,
        previousSchedule: '2027-02-03T13:30:00-08:00',
      }),
    ).toMatchObject({
      type: 'court.hearing_cancelled',
      data: { hearingId: 'CR-2026-00931-3', previouslyScheduledFor: '2027-02-03T13:30:00-08:00' },
    });
  });

  it('reads the JSON envelope: MessageId makes the event id, the sent time the event time', () => {
    const text = fixture('court-event-envelope.json');
    const facts = readNiemMessage(text, { profile });
    expect(facts.eventId).toBe('jtmp-b7f0c2e4-1d2a-4a5e-9c61-3f0a2b9d7e11');
    expect(niemEventId(text)).toBe(facts.eventId);
    expect(niemCaseEvent(facts, { agencyId: 'c', facility: 'x', now }).time).toBe(
      '2026-12-01T16:05:00-08:00',
    );
  });
});

describe('NIEM refusals name the path, never a value', () => {
  it('refuses a DOCTYPE and entities (XXE, expansion)', () => {
    const refused = refusal(() => readNiemMessage(fixture('xxe.xml'), { profile }));
    expect(refused.message).toMatch(/DOCTYPE or entity declaration is refused/);
    expect(refused.message).not.toContain('passwd');
  });

  it('names a missing element by its path with the usual prefixes', () => {
    const text = fixture('court-event-add.xml').replace(
      /<j:CourtEventCourt>[\s\S]*<\/j:CourtEventCourt>/,
      '',
    );
    expect(refusal(() => readNiemMessage(text, { profile })).path).toBe(
      '/CourtEventExchange/j:CourtEvent/j:CourtEventCourt/j:CourtName',
    );
  });

  it('a record id that is a name is refused without repeating it', () => {
    const text = fixture('booking.xml').replace('BK-2026-004512', 'Marisol Quintanilla');
    const refused = refusal(() => readNiemMessage(text, { profile }));
    expect(refused.path).toBe(
      '/BookingExchange/j:Booking/j:BookingAgencyRecordIdentification/nc:IdentificationID',
    );
    expect(refused.message).not.toContain('Marisol');
  });

  it('an impossible year, malformed XML, an unknown operation and a foreign root are refused with where', () => {
    expect(
      refusal(() =>
        readNiemMessage(fixture('court-event-add.xml').replace('2027-01-14', '9007-01-14'), { profile }),
      ).path,
    ).toBe('/CourtEventExchange/j:CourtEvent/j:CourtEventSchedule/nc:ScheduleDate/nc:DateTime');
    expect(refusal(() => readNiemMessage('<a><b></a>', { profile })).message).toMatch(/not well-formed XML/);
    expect(
      refusal(() => readNiemMessage(fixture('court-event-add.xml').replace('>add<', '>merge<'), { profile }))
        .path,
    ).toBe('/CourtEventExchange/MessageMetadata/MessageOperationCode');
    expect(refusal(() => readNiemMessage('<Other xmlns="urn:x"/>', { profile })).path).toBe('/Other');
  });

  it('an envelope without its XML is named', () => {
    expect(refusal(() => readNiemMessage('{"Metadata":{}}', { profile })).path).toBe('/ExchangeData');
  });
});
