import { findCaseEvent } from '@switchboard/db';
import { readMailbox, waitForMessages } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';
import { startSmsStandIn } from './harness/sms-provider';

/** Intl puts a narrow no-break space before AM/PM; a reader sees a space. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

/**
 * What a notice says, end to end on every channel, for registrants in Chicago: a scheduled release
 * names its date in their zone by email, text and call; a hearing's first notice names its date,
 * court and room on each.
 */
describe('a notice says what happened, when and where, on every channel', () => {
  let hub: TestHub;
  let api: TestApi;
  let provider: Awaited<ReturnType<typeof startSmsStandIn>>;
  let phoneCounter = 0;

  beforeAll(async () => {
    provider = await startSmsStandIn();
    hub = await startHub(inject('services'), { sms: provider.settings() });
    api = await startApi(hub, { smsAuthToken: provider.authToken });
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
    await provider?.close();
  });

  const poll = async <T>(find: () => T | undefined): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const found = find();
      if (found !== undefined) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('nothing arrived');
  };

  /** One registrant in Chicago, reached one way, verified with the code that way brought. */
  async function enrol(
    channel: 'email' | 'sms' | 'voice',
    agencyId: string,
    subjectRef: string,
    language: 'en' | 'es' | 'zh-Hant' = 'en',
  ) {
    const n = phoneCounter++;
    const phone = `+1415555${String(1000 + n).padStart(4, '0')}`;
    const email = `${subjectRef.toLowerCase()}-${channel}-${n}@example.test`;
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId,
      subjectRef,
      displayName: 'Dana Reyes',
      timeZone: 'America/Chicago',
      language,
      ...(channel === 'email' && { email }),
      ...(channel === 'sms' && { phone }),
      ...(channel === 'voice' && { voice: { phone, pin: '4826' } }),
    });
    const code =
      channel === 'email'
        ? /\b(\d{6})\b/.exec(
            (await waitForMessages(hub.mailDir, (m) => JSON.stringify(m.mail.to).includes(email)))[0]!.mail
              .text ?? '',
          )![1]!
        : channel === 'sms'
          ? /\b(\d{6})\b/.exec((await poll(() => provider.messages.find((m) => m.to === phone))).body)![1]!
          : /code is ([\d, ]+)\./
              .exec((await poll(() => provider.calls.find((c) => c.to === phone))).twiml)![1]!
              .replace(/\D/g, '');
    await api.trpc.registration.verifyContact.mutate({
      contactPointId: enrolment.contactPoints[0]!.id,
      code,
    });
    return { email, phone };
  }

  /** What each channel said about `subjectRef`: the email's text, the last text, the last call's words. */
  async function said(to: { email: string; phone: string }[], subjectRef: string) {
    const [byEmail, byText, byCall] = to;
    const mail = await waitForMessages(
      hub.mailDir,
      (m) =>
        JSON.stringify(m.mail.to).includes(byEmail!.email) && (m.mail.subject ?? '').includes(subjectRef),
    );
    const text = await poll(() => provider.messages.filter((m) => m.to === byText!.phone)[1]);
    const call = await poll(() => provider.calls.filter((c) => c.to === byCall!.phone)[1]);
    return { email: plain(mail[0]!.mail.text ?? ''), text: plain(text.body), call: plain(call.twiml) };
  }

  it('a scheduled release names its date in the registrant’s zone by email, text and call', {
    timeout: 60_000,
  }, async () => {
    const subjectRef = uniqueSubject();
    const to = [
      await enrol('email', 'state-prison', subjectRef),
      await enrol('sms', 'state-prison', subjectRef),
      await enrol('voice', 'state-prison', subjectRef),
    ];
    await hub.publish('state-prison', {
      specversion: '1.0',
      id: `evt-release-${subjectRef}`,
      source: '/agencies/state-prison',
      type: 'custody.release_scheduled',
      subject: subjectRef,
      time: new Date().toISOString(),
      data: {
        scheduledFor: '2027-01-15T17:00:00Z',
        facility: 'North Facility',
        reason: 'sentence_completed',
      },
    });
    const { email, text, call } = await said(to, subjectRef);
    expect(email).toContain(
      'The release is planned for Friday, January 15, 2027 at 11:00 AM CST, from North Facility.',
    );
    expect(text).toContain('Jan 15, 2027, 11:00 AM CST, from North Facility');
    expect(call).toContain('Friday, January 15, 2027 at 11:00 AM Central Standard Time, from North Facility');
    for (const words of [email, text, call]) expect(words).not.toMatch(/UTC|December/);
  });

  it('a hearing’s first notice names its date, court and room on every channel', {
    timeout: 60_000,
  }, async () => {
    const docket = `CR-${uniqueSubject()}`;
    const to = [
      await enrol('email', 'riverside-court', docket),
      await enrol('sms', 'riverside-court', docket),
      await enrol('voice', 'riverside-court', docket),
    ];
    await hub.publish('riverside-court', {
      specversion: '1.0',
      id: `evt-hearing-${docket}`,
      source: '/agencies/riverside-court',
      type: 'court.hearing_scheduled',
      subject: docket,
      time: new Date().toISOString(),
      data: {
        hearingId: `${docket}-1`,
        hearingType: 'sentencing',
        scheduledFor: '2027-01-20T15:30:00Z',
        court: 'Riverside Superior Court',
        courtroom: 'Dept. 41',
        victimMayBeHeard: true,
      },
    });
    const { email, text, call } = await said(to, docket);
    expect(email).toContain(
      'The sentencing is set for Wednesday, January 20, 2027 at 9:30 AM CST, at Riverside Superior Court, Dept. 41. You may speak at this hearing if you wish.',
    );
    expect(text).toContain('Jan 20, 2027, 9:30 AM CST, at Riverside Superior Court, Dept. 41');
    expect(call).toContain(
      'Wednesday, January 20, 2027 at 9:30 AM Central Standard Time, at Riverside Superior Court, Department 41',
    );
  });

  it('in Chinese for a registrant who chose it: the code and the notice, by text, with the date in their zone', {
    timeout: 60_000,
  }, async () => {
    const subjectRef = uniqueSubject();
    const { phone } = await enrol('sms', 'state-prison', subjectRef, 'zh-Hant');
    expect(provider.messages.find((m) => m.to === phone)!.body).toContain('您的 Switchboard 驗證碼是');
    await hub.publish('state-prison', {
      specversion: '1.0',
      id: `evt-release-zh-${subjectRef}`,
      source: '/agencies/state-prison',
      type: 'custody.release_scheduled',
      subject: subjectRef,
      time: new Date().toISOString(),
      data: {
        scheduledFor: '2027-01-15T17:00:00Z',
        facility: 'North Facility',
        reason: 'sentence_completed',
      },
    });
    const text = plain((await poll(() => provider.messages.filter((m) => m.to === phone)[1])).body);
    expect(text).toContain('預定於 2027年1月15日 上午11:00 CST 從 North Facility 釋放。原因：刑期已滿。');
    expect(text.split('\n').at(-1)).toBe('回覆 STOP 停止接收簡訊，回覆 HELP 取得協助。');
  });

  it('an answer to a dialogue request is told to nobody registered on the case: only its requester learns it, in the portal', async () => {
    const subjectRef = uniqueSubject();
    const first = await enrol('email', 'state-prison', subjectRef);
    const second = await enrol('email', 'state-prison', subjectRef);
    const receipt = await hub.publish('state-prison', {
      specversion: '1.0',
      id: `evt-answer-${subjectRef}`,
      source: '/agencies/state-prison',
      type: 'restorative.dialogue_request_answered',
      subject: subjectRef,
      time: new Date().toISOString(),
      data: { requestId: 'DR-1', answeredAt: new Date().toISOString(), answer: 'declined' },
    });
    expect(receipt).toMatchObject({ kind: 'receipt', receipt: { outcome: 'accepted' } });
    const row = await findCaseEvent(hub.db, 'state-prison', `evt-answer-${subjectRef}`);
    await hub.temporal.workflow.getHandle(row!.workflow_id).result();
    const told = (await readMailbox(hub.mailDir)).filter(
      (m) =>
        [first.email, second.email].some((address) => JSON.stringify(m.mail.to).includes(address)) &&
        !/code/i.test(m.mail.subject ?? ''),
    );
    expect(told).toEqual([]);
  });
});
