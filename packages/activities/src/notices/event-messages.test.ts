import { catalogue, catalogueTypes, exampleEvent } from '@switchboard/events';
import { describe, expect, it } from 'vitest';
import { composeNotice } from './compose-notice';
import { eventMessages, isNotifyingType, noticeLanguages } from './event-messages';

/** The catalogue's own examples, with a fixed clock, as a registrant in Los Angeles reads them. */
function renderAll(language: string): string {
  return catalogueTypes()
    .filter((type) => catalogue[type].notifies)
    .map((type) => {
      const event = exampleEvent(type, new Date('2026-12-01T17:00:00Z'));
      const notice = composeNotice(
        {
          type,
          subjectRef: event.subject,
          data: event.data as Record<string, unknown>,
          occurredAt: new Date(event.time),
        },
        language,
        'Robin',
        'America/Los_Angeles',
        'https://hub.example/#/help',
      );
      return `=== ${type}\n${notice.subject}\n${notice.text}\n`;
    })
    .join('\n');
}

describe('event notices', () => {
  it('every type that notifies has words in every language, and nothing else has', () => {
    const notifying = catalogueTypes().filter((type) => catalogue[type].notifies);
    for (const language of noticeLanguages)
      expect(Object.keys(eventMessages[language]).sort()).toEqual([...notifying].sort());
    expect(isNotifyingType('restorative.dialogue_request_answered')).toBe(false);
  });

  it.each(noticeLanguages)('renders every type in %s as reviewed', async (language) => {
    await expect(renderAll(language)).toMatchFileSnapshot(`./__snapshots__/event-notices.${language}.txt`);
  });

  it('every notice says what the event says: a hearing its date, court and room in the registrant’s zone', () => {
    const hearing = composeNotice(
      {
        type: 'court.hearing_scheduled',
        subjectRef: 'CR-1',
        occurredAt: new Date('2026-12-01T17:00:00Z'),
        data: {
          hearingId: 'H-1',
          hearingType: 'sentencing',
          scheduledFor: '2027-01-14T17:30:00Z',
          court: 'Riverside Superior Court',
          courtroom: 'Dept. 41',
          victimMayBeHeard: true,
        },
      },
      'en',
      'Robin',
      'America/Chicago',
    );
    expect(hearing.text).toContain(
      'The sentencing is set for Thursday, January 14, 2027 at 11:30 AM CST, at Riverside Superior Court, Dept. 41. You may speak at this hearing if you wish.',
    );
    expect(hearing.text).not.toMatch(/911/);
  });
});
