import { catalogue, catalogueTypes, exampleEvent } from '@switchboard/events';
import { textFooter } from '@switchboard/registrations';
import { describe, expect, it } from 'vitest';
import { shortText } from '../notification/channel-adapters';
import { briefNotice } from './brief-notices';
import { composeNotice } from './compose-notice';
import { eventMessages, isNotifyingType, noticeLanguages } from './event-messages';
import { speakable } from './speakable';
import { shapeText } from './text-shaping';

/** The catalogue's own examples, with a fixed clock, as a registrant in Los Angeles reads them. */
function renderAll(language: string): string {
  return catalogueTypes()
    .filter((type) => catalogue[type].notifies)
    .map((type) => {
      const event = exampleEvent(type, new Date('2026-12-01T17:00:00Z'));
      const facts = {
        type,
        subjectRef: event.subject,
        data: event.data as Record<string, unknown>,
        occurredAt: new Date(event.time),
      };
      const compose = (compact: boolean) =>
        composeNotice(facts, language, 'Robin', 'America/Los_Angeles', 'https://hub.example/#/help', {
          compact,
        });
      const notice = compose(false);
      // Every channel's shape of it: email (the text; its HTML part is the same words), a text,
      // a call, a webhook's structured event, and the brief notice a shared phone gets.
      return [
        `=== ${type}`,
        `--- email\n${notice.subject}\n${notice.text}`,
        `--- text\n${shapeText(compose(true), textFooter(language), 'https://hub.example')}`,
        `--- call\n${speakable(shortText(notice), language === 'es' ? 'es' : 'en')}`,
        `--- webhook\n${JSON.stringify(notice.event)}`,
        `--- brief\n${briefNotice(notice, false, 'https://hub.example').text}`,
        '',
      ].join('\n');
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

  it.each(noticeLanguages)('renders every type in %s on every channel as reviewed', async (language) => {
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
