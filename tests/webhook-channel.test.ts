import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForMessages } from '@switchboard/mailbox';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

interface Received {
  headers: Record<string, string>;
  body: string;
  answered: number;
}

/**
 * An advocate's case system as a registration's channel: verified by a code it receives, sent
 * notices signed per Standard Webhooks, and disabled (its owner told by email) when it keeps failing.
 */
describe('webhooks for advocates’ systems', () => {
  let hub: TestHub;
  let api: TestApi;
  let receiver: Server;
  let url: string;
  let answer = 204;
  const received: Received[] = [];

  beforeAll(async () => {
    hub = await startHub(inject('services'), { settings: { webhookMaxFailures: 2 } });
    api = await startApi(hub);
    receiver = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({ headers: req.headers as Record<string, string>, body, answered: answer });
      res.writeHead(answer).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/switchboard`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await api?.close();
    await hub?.stop();
  });

  const waitForRequests = async (count: number, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    while (received.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(received.length).toBeGreaterThanOrEqual(count);
    return received.slice(0, count);
  };
  const advocate = {
    displayName: 'Ana Ruiz',
    email: 'ana.ruiz@safeharbor.test',
    organisation: 'Safe Harbor',
  };

  it('verifies the endpoint, signs every notice, and disables an endpoint that keeps failing', async () => {
    const subject = uniqueSubject();
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: subject,
      displayName: 'Jordan Lee',
      webhook: { url },
      advocate,
      onBehalf: { agreementObtainedAt: new Date().toISOString(), agreementMethod: 'in_person' },
    });
    expect(enrolment.webhookSecret).toMatch(/^whsec_/);
    const signer = new Webhook(enrolment.webhookSecret!);

    // The code arrives signed, over the webhook itself.
    const [verification] = await waitForRequests(1);
    const { code } = signer.verify(verification!.body, verification!.headers) as { code: string };
    await api.trpc.registration.verifyContact.mutate({ contactPointId: enrolment.contactPointId, code });

    // A notice: signed, its id the delivery id (the same on every retry, for the receiver to drop repeats).
    const first = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', first);
    const [, notice] = await waitForRequests(2);
    const payload = signer.verify(notice!.body, notice!.headers) as Record<string, string>;
    expect(payload).toMatchObject({
      type: 'notice',
      registrationId: enrolment.registrationId,
      deliveryId: notice!.headers['webhook-id'],
    });
    expect(payload.text).toContain(subject);
    // A forged or altered body does not verify.
    expect(() => signer.verify(notice!.body.replace(subject, 'SUBJ-OTHER'), notice!.headers)).toThrow();

    // The endpoint breaks: two failures in a row, then disabled and the advocate told.
    answer = 500;
    await hub.publish('county-jail', custodyRelease('county-jail', subject));
    const failed = await waitForRequests(4);
    expect(failed.slice(2).map((r) => r.answered)).toEqual([500, 500]);
    expect(failed[2]!.headers['webhook-id']).toBe(failed[3]!.headers['webhook-id']);
    const [told] = await waitForMessages(
      hub.mailDir,
      (m) => m.mail.subject === 'Switchboard stopped sending to your webhook',
    );
    expect(told!.mail.text).toContain(url);

    // Disabled: nothing more is sent to it, even once it answers again.
    answer = 204;
    const third = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', third);
    await hub.temporal.workflow.getHandle(`case-event:county-jail:${third.id}`).result();
    expect(received).toHaveLength(4);
  });

  it('refuses a webhook registration it cannot serve, saying why', async () => {
    const enrol = (extra: Record<string, unknown>) =>
      api.trpc.registration.enrol.mutate({
        agencyId: 'county-jail',
        subjectRef: uniqueSubject(),
        displayName: 'Pat',
        ...extra,
      } as never);
    await expect(enrol({ webhook: { url } })).rejects.toThrow('names the advocate');
    const agreed = { agreementObtainedAt: new Date().toISOString(), agreementMethod: 'phone' };
    await expect(enrol({ webhook: { url }, advocate })).rejects.toThrow('records the victim’s agreement');
    await expect(enrol({ advocate, onBehalf: agreed })).rejects.toThrow('at least one way to reach');
    await expect(enrol({ webhook: { url: 'ftp://files.example.test/in' }, advocate })).rejects.toThrow(
      'http(s) URL',
    );
  });

  it('refuses, on a hub left as it ships, a webhook pointing into its own network, naming the address', async () => {
    const guarded = await startApi(hub, { refusePrivateWebhooks: true });
    try {
      const agreed = { agreementObtainedAt: new Date().toISOString(), agreementMethod: 'phone' };
      for (const [target, words] of [
        [url, 'loopback'],
        ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
        ['http://localhost:9/in', 'this machine'],
      ] as const) {
        await expect(
          guarded.trpc.registration.enrol.mutate({
            agencyId: 'county-jail',
            subjectRef: uniqueSubject(),
            displayName: 'Pat',
            webhook: { url: target },
            advocate,
            onBehalf: agreed,
          } as never),
        ).rejects.toThrow(words);
      }
    } finally {
      await guarded.close();
    }
  });
});
