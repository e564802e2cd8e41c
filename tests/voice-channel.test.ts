import { spelledOut } from '@switchboard/activities';
import type { TelephonyProvider } from '@switchboard/channels';
import { findCaseEvent, listDeliveriesForCaseEvent } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { waitForMessages } from '@switchboard/mailbox';
import {
  type NotificationStatus,
  notificationStatusQuery,
  notificationWorkflowId,
} from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';
import { type PlacedCall, startSmsStandIn } from './harness/sms-provider';

/**
 * Several channels on one registration, voice among them: each verified on its own (the voice code
 * spoken in a call), ordinary news the preferred way only, urgent news every way at once, an urgent
 * call stopped by the registrant's own PIN keyed in, and a number that cannot be called taken out
 * of use with the registrant told by email.
 */
describe('voice calls and several channels', () => {
  let hub: TestHub;
  let api: TestApi;
  let provider: Awaited<ReturnType<typeof startSmsStandIn>>;
  let telephony: TelephonyProvider;

  beforeAll(async () => {
    provider = await startSmsStandIn();
    telephony = provider.settings();
    hub = await startHub(inject('services'), { sms: telephony });
    api = await startApi(hub, { smsAuthToken: provider.authToken });
    telephony.callStatusCallbackUrl = `${api.baseUrl}/providers/voice/status`;
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
    await provider?.close();
  });

  const callsTo = (phone: string) => provider.calls.filter((c) => c.to === phone);
  const waitForCall = async (phone: string, count: number): Promise<PlacedCall> => {
    await expect.poll(() => callsTo(phone).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
    return callsTo(phone)[count - 1]!;
  };
  const mailTo = (address: string, subject?: RegExp) =>
    waitForMessages(
      hub.mailDir,
      (m) => JSON.stringify(m.mail.to).includes(address) && (!subject || subject.test(m.mail.subject ?? '')),
    );

  /** Enrols with email first and a phone to call second, and verifies both with their codes. */
  async function enrolEmailAndVoice(email: string, phone: string, pin: string) {
    const subject = uniqueSubject();
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: subject,
      displayName: 'Noor Haddad',
      email,
      voice: { phone, pin },
      channels: ['email', 'voice'],
    });
    await hub.transferredToPrison(subject);
    expect(enrolment.contactPoints.map((c) => c.channel)).toEqual(['email', 'voice']);
    const byChannel = Object.fromEntries(enrolment.contactPoints.map((c) => [c.channel, c.id]));
    const [codeMail] = await mailTo(email);
    const emailCode = /\b(\d{6})\b/.exec(codeMail!.mail.text ?? '')![1]!;
    // The voice code is spoken digit by digit: "1, 2, 3, …".
    const spoken = /code is ([\d, ]+)\./.exec((await waitForCall(phone, 1)).twiml)![1]!;
    const voiceCode = spoken.replace(/\D/g, '');
    expect(voiceCode).toHaveLength(6);
    expect(
      await api.trpc.registration.verifyContact.mutate({ contactPointId: byChannel.email!, code: emailCode }),
    ).toEqual({ verified: true });
    expect(
      await api.trpc.registration.verifyContact.mutate({ contactPointId: byChannel.voice!, code: voiceCode }),
    ).toEqual({ verified: true });
    return { subject, registrationId: enrolment.registrationId };
  }

  it('sends ordinary news the preferred way, urgent news every way, and stops the calls at the right PIN', async () => {
    const email = 'noor@example.test';
    const phone = '+14155550177';
    const { subject, registrationId } = await enrolEmailAndVoice(email, phone, '4821');

    // Ordinary (high, not urgent) news: email only, no call.
    const release = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', release);
    const releaseRow = (await findCaseEvent(hub.db, 'county-jail', release.id))!;
    await hub.temporal.workflow.getHandle(releaseRow.workflow_id).result();
    expect((await listDeliveriesForCaseEvent(hub.db, releaseRow.id)).map((d) => d.channel)).toEqual([
      'email',
    ]);
    expect(callsTo(phone)).toHaveLength(1); // the verification call only

    // Urgent news: an email and a call at once; the call asks for the PIN.
    const escapeEvent = escapeFrom(subject);
    await hub.publish('state-prison', escapeEvent);
    const call = await waitForCall(phone, 2);
    expect(call.twiml).toContain('<Gather');
    // The case is said character by character, as a person would read a reference aloud.
    expect(call.twiml).toContain(spelledOut(subject));
    expect(call.twiml).not.toContain('4821');
    const row = (await findCaseEvent(hub.db, 'state-prison', escapeEvent.id))!;
    await expect
      .poll(async () => (await listDeliveriesForCaseEvent(hub.db, row.id)).map((d) => d.channel).sort())
      .toEqual(['email', 'voice']);
    const handle = hub.temporal.workflow.getHandle(
      notificationWorkflowId({ agencyId: 'state-prison', caseEventId: row.id, registrationId }),
    );
    // The provider's signed call receipt lands on the call's delivery row.
    await expect
      .poll(
        async () =>
          (await listDeliveriesForCaseEvent(hub.db, row.id)).find((d) => d.channel === 'voice')
            ?.provider_status,
        { timeout: 10_000 },
      )
      .toBe('completed');

    // Forged, wrong PIN: nothing confirmed, and the answer says only that the PIN is not right.
    const at = { hubUrl: api.baseUrl };
    expect((await provider.press(call, '4821', { ...at, signedWith: 'not-the-token' })).status).toBe(403);
    const wrong = await provider.press(call, '1234', at);
    expect(wrong.text).toContain('PIN is not right');
    expect(((await handle.query(notificationStatusQuery)) as NotificationStatus).state).toBe(
      'awaiting-confirmation',
    );

    const right = await provider.press(call, '4821', at);
    expect(right.text).toContain('stop calling');
    expect(right.text).toContain('<Hangup/>');
    expect((await handle.result()) as NotificationStatus).toMatchObject({
      state: 'confirmed',
      confirmedBy: 'pin',
    });
  });

  it('stops calling a number the provider refuses for good, and tells the registrant by email', async () => {
    const email = 'sam@example.test';
    const phone = '+14155550188';
    const { subject } = await enrolEmailAndVoice(email, phone, '9051');
    provider.invalid.add(phone);
    const escapeEvent = escapeFrom(subject);
    await hub.publish('state-prison', escapeEvent);
    const [told] = await mailTo(email, /could not reach your phone/);
    expect(told!.mail.text).toContain('stopped using it');
    const voice = await hub.db
      .selectFrom('contact_point')
      .select('disabled_at')
      .where('channel', '=', 'voice')
      .where('registrant_id', '=', await hub.registrantOf((await findRegistration(subject))!))
      .executeTakeFirstOrThrow();
    expect(voice.disabled_at).not.toBeNull();
  });

  it('refuses a PIN that is not 4 to 8 digits, and a channel named twice', async () => {
    const enrol = (extra: Record<string, unknown>) =>
      api.trpc.registration.enrol.mutate({
        agencyId: 'county-jail',
        subjectRef: uniqueSubject(),
        displayName: 'Pat',
        ...extra,
      } as never);
    await expect(enrol({ voice: { phone: '+14155550199', pin: '12' } })).rejects.toThrow('4 to 8 digits');
    await expect(enrol({ email: 'pat@example.test', channels: ['email', 'email'] })).rejects.toThrow(
      'name each channel once',
    );
  });

  function escapeFrom(subject: string) {
    const now = new Date().toISOString();
    return {
      specversion: '1.0',
      id: `evt-escape-${Date.now().toString(36)}`,
      source: agencySource('state-prison'),
      type: 'custody.escaped',
      subject,
      time: now,
      data: { escapedAt: now, facility: 'North Facility' },
    };
  }

  async function findRegistration(subject: string) {
    const row = await hub.db
      .selectFrom('registration')
      .select('id')
      .where('subject_ref', '=', subject)
      .executeTakeFirst();
    return row?.id;
  }
});
