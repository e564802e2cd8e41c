import type { TelephonyProvider } from '@switchboard/channels';
import { findCaseEvent } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { type NotificationStatus, notificationWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';
import { startSmsStandIn } from './harness/sms-provider';

/**
 * Two SMS providers: while the first is down (its gateway answers 503, so it certainly took
 * nothing), urgent news by text goes through the second, once; a PIN replied through the second
 * provider (signed with its own token) confirms; when the first is back, texts go through it again.
 */
describe('SMS provider failover', () => {
  let hub: TestHub;
  let api: TestApi;
  let first: Awaited<ReturnType<typeof startSmsStandIn>>;
  let second: Awaited<ReturnType<typeof startSmsStandIn>>;

  beforeAll(async () => {
    first = await startSmsStandIn();
    second = await startSmsStandIn();
    const primary: TelephonyProvider = first.settings();
    const fallback: TelephonyProvider = second.settings();
    hub = await startHub(inject('services'), { sms: primary, smsFallback: fallback });
    api = await startApi(hub, { smsAuthToken: first.authToken, smsFallbackAuthToken: second.authToken });
    for (const provider of [primary, fallback])
      provider.statusCallbackUrl = `${api.baseUrl}/providers/sms/status`;
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
    await first?.close();
    await second?.close();
  });

  const textsTo = (provider: typeof first, phone: string) => provider.messages.filter((m) => m.to === phone);
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(check()).toBe(true);
  };

  it('sends urgent news through the second provider while the first is down, once, and confirms by its PIN', async () => {
    const subject = uniqueSubject();
    const phone = '+14155550188';
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'state-prison',
      subjectRef: subject,
      displayName: 'Rae Kim',
      phone,
    });
    await waitFor(() => textsTo(first, phone).length === 1);
    const code = /\b(\d{6})\b/.exec(textsTo(first, phone)[0]!.body)![1]!;
    await api.trpc.registration.verifyContact.mutate({ contactPointId: enrolment.contactPointId, code });

    first.outage.on = true;
    const now = new Date().toISOString();
    const escapeEvent = {
      specversion: '1.0',
      id: `evt-escape-${Date.now().toString(36)}`,
      source: agencySource('state-prison'),
      type: 'custody.escaped',
      subject,
      time: now,
      data: { escapedAt: now, facility: 'North Facility' },
    };
    await hub.publish('state-prison', escapeEvent);
    await waitFor(() => textsTo(second, phone).length === 1);
    const text = textsTo(second, phone)[0]!;
    expect(text.body).toContain('North Facility');
    expect(first.outage.refused).toBeGreaterThan(0);
    expect(textsTo(first, phone)).toHaveLength(1); // the code, before the outage: the escape went once

    // The reply comes through the second provider, signed with its own token.
    const pin = /(\d{6})/.exec(text.body.split('\n').find((line) => /reply \d{6}/i.test(line)) ?? '')?.[1];
    expect(pin, text.body).toBeDefined();
    const reply = await second.reply(`${api.baseUrl}/providers/sms/inbound`, phone, pin!);
    expect(reply.text).toContain('stopped repeating');
    const row = (await findCaseEvent(hub.db, 'state-prison', escapeEvent.id))!;
    const status = (await hub.temporal.workflow
      .getHandle(
        notificationWorkflowId({
          agencyId: 'state-prison',
          caseEventId: row.id,
          registrationId: enrolment.registrationId,
        }),
      )
      .result()) as NotificationStatus;
    expect(status).toMatchObject({ state: 'confirmed', confirmedBy: 'pin' });
    expect(textsTo(second, phone)).toHaveLength(1);

    // The first provider is back: the next text goes through it.
    first.outage.on = false;
    const later = new Date().toISOString();
    await hub.publish('state-prison', {
      ...escapeEvent,
      id: `evt-recaptured-${Date.now().toString(36)}`,
      type: 'custody.recaptured',
      time: later,
      data: { recapturedAt: later, facility: 'North Facility' },
    });
    await waitFor(() => textsTo(first, phone).length === 2);
    expect(textsTo(second, phone)).toHaveLength(1);
  });
});
