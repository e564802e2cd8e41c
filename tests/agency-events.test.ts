import { addKey, revokeKey, setStatus } from '@switchboard/agencies';
import {
  createAgencyClient,
  generateAgencyKey,
  SIGNATURE_HEADER,
  type SigningKey,
} from '@switchboard/agency-sdk';
import { jetstream, type PublishOutcome, publishCaseEvent, type Receipt } from '@switchboard/bus';
import { findCaseEvent, listDeliveriesForCaseEvent, listRecentRejections } from '@switchboard/db';
import { signEvent } from '@switchboard/event-signature';
import { MAX_EVENT_BYTES } from '@switchboard/events';
import { header, waitForMessages } from '@switchboard/mailbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Signed events and every rejection, over the real NATS and over real HTTP: the same rule gives
 * the same code whichever way an event comes, and a rejected event changes nothing else.
 */
describe('signed case events, three ways in', () => {
  let hub: TestHub;
  let api: TestApi;
  let baseUrl: string;

  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
    baseUrl = api.baseUrl;
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const registry = () => ({ db: hub.db, bus: { nc: hub.nc, names: hub.names } });

  /** Sends over one transport; `key: null` sends it unsigned; `tamper` changes the body after signing. */
  async function send(
    via: 'nats' | 'http',
    agencyId: string,
    body: string,
    options: { key?: SigningKey | null; tamper?: (body: string) => string } = {},
  ): Promise<{ receipt: Receipt | undefined; status?: number }> {
    const key = options.key === undefined ? hub.keys.get(agencyId) : options.key;
    const signature = key ? await signEvent(body, key) : undefined;
    const sent = options.tamper ? options.tamper(body) : body;
    if (via === 'nats') {
      const outcome: PublishOutcome = await publishCaseEvent(hub.nc, hub.names, agencyId, sent, {
        signature,
      });
      return { receipt: outcome.kind === 'receipt' ? outcome.receipt : undefined };
    }
    const response = await fetch(`${baseUrl}/agencies/${agencyId}/events`, {
      method: 'POST',
      headers: signature ? { [SIGNATURE_HEADER]: signature } : {},
      body: sent,
    });
    return { receipt: (await response.json()) as Receipt, status: response.status };
  }

  const release = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => {
    const event = custodyRelease('county-jail', uniqueSubject(), overrides);
    if (Object.keys(data).length) event.data = { ...(event.data as object), ...data };
    return event;
  };

  describe.each(['nats', 'http'] as const)('over %s', (via) => {
    it('never lets an unsigned copy sent first stand in for the signed event: one stored, one notice', async () => {
      const subject = uniqueSubject();
      await hub.register(subject, { displayName: 'Sam Ortiz', email: `sam.${via}@example.test` });
      const body = JSON.stringify(custodyRelease('county-jail', subject));
      const eventId = (JSON.parse(body) as { id: string }).id;
      const unsigned = await send(via, 'county-jail', body, { key: null });
      expect(unsigned.receipt).toMatchObject({ outcome: 'rejected', code: 'missing_signature' });
      if (via === 'http') expect(unsigned.status).toBe(401);
      const signed = await send(via, 'county-jail', body);
      expect(signed.receipt).toMatchObject({ outcome: 'accepted', eventId });
      // A true repeat is still only a repeat.
      const again = await send(via, 'county-jail', body);
      if (via === 'http') expect(again).toMatchObject({ status: 200, receipt: { outcome: 'duplicate' } });
      else expect(again.receipt).toBeUndefined();
      const mails = await waitForMessages(
        hub.mailDir,
        (m) => header(m, 'X-Switchboard-Event') === `county-jail/${eventId}`,
      );
      expect(mails).toHaveLength(1);
      const stored = await findCaseEvent(hub.db, 'county-jail', eventId);
      expect(await listDeliveriesForCaseEvent(hub.db, stored!.id)).toHaveLength(1);
    });

    it('accepts a signed event, and answers a repeat as a duplicate', async () => {
      const event = release();
      const first = await send(via, 'county-jail', JSON.stringify(event));
      expect(first.receipt).toMatchObject({ outcome: 'accepted', eventId: event.id });
      if (via === 'http') expect(first.status).toBe(202);
      const again = await send(via, 'county-jail', JSON.stringify(event));
      // Inside its duplicate window JetStream drops the repeat itself: NATS publishers see it in
      // the publish ack, HTTP callers get a 200 that says so.
      if (via === 'http')
        expect(again).toMatchObject({ status: 200, receipt: { outcome: 'duplicate', eventId: event.id } });
      else expect(again.receipt).toBeUndefined();
    });

    it.each([
      ['an unknown agency', 'no-such-agency', {}, 'unknown_agency', 404],
      ['an unsigned event', 'county-jail', { key: null }, 'missing_signature', 401],
      [
        'a body changed after signing',
        'county-jail',
        { tamper: (b: string) => b.replace('bail', 'bond') },
        'bad_signature',
        401,
      ],
    ] as const)('rejects %s', async (_name, agencyId, options, code, status) => {
      const event = release({ source: `/agencies/${agencyId}` }, { reason: 'bail' });
      const { receipt, status: httpStatus } = await send(
        via,
        agencyId,
        JSON.stringify(event),
        options as never,
      );
      expect(receipt).toMatchObject({ outcome: 'rejected', code });
      expect((receipt as { message: string }).message.length).toBeGreaterThan(15);
      if (via === 'http') expect(httpStatus).toBe(status);
      expect(await findCaseEvent(hub.db, agencyId, event.id)).toBeUndefined();
    });

    it('rejects a signature by a key the agency never registered, naming the key id', async () => {
      const stranger = await generateAgencyKey();
      const event = release();
      const { receipt } = await send(via, 'county-jail', JSON.stringify(event), { key: stranger });
      expect(receipt).toMatchObject({ outcome: 'rejected', code: 'unknown_key' });
      expect((receipt as { message: string }).message).toContain(stranger.kid);
      expect(await findCaseEvent(hub.db, 'county-jail', event.id)).toBeUndefined();
    });

    it('rejects a type this agency kind may not publish', async () => {
      const event = custodyRelease('riverside-court', uniqueSubject());
      const { receipt, status } = await send(via, 'riverside-court', JSON.stringify(event));
      expect(receipt).toMatchObject({ code: 'type_not_allowed', field: 'type' });
      expect((receipt as { message: string }).message).toContain('not allowed for agency kind court');
      if (via === 'http') expect(status).toBe(422);
    });

    it('rejects a schema violation with the path of the field', async () => {
      const event = release({}, { releasedAt: 'last tuesday' });
      const { receipt } = await send(via, 'county-jail', JSON.stringify(event));
      expect(receipt).toMatchObject({ code: 'invalid_data', field: 'data.releasedAt', eventId: event.id });
    });

    it('rejects an event too large, saying the limit', async () => {
      const event = release({}, { facility: 'x'.repeat(MAX_EVENT_BYTES) });
      const { receipt, status } = await send(via, 'county-jail', JSON.stringify(event));
      expect(receipt).toMatchObject({ code: 'payload_too_large' });
      expect((receipt as { message: string }).message).toContain(String(MAX_EVENT_BYTES));
      if (via === 'http') expect(status).toBe(413);
    });

    it('rejects an event stamped too far in the future', async () => {
      const event = release({ time: new Date(Date.now() + 3_600_000).toISOString() });
      const { receipt } = await send(via, 'county-jail', JSON.stringify(event));
      expect(receipt).toMatchObject({ code: 'time_in_future', field: 'time' });
    });
  });

  it('refuses a suspended agency, then accepts it again once reinstated', async () => {
    await setStatus(registry(), 'riverside-probation', 'suspended');
    try {
      const client = createAgencyClient({
        agencyId: 'riverside-probation',
        key: hub.keys.get('riverside-probation')!,
      });
      const event = client.build('supervision.absconded', {
        subject: uniqueSubject(),
        data: { reportedAt: new Date().toISOString() },
      });
      const outcome = await client.publishOverNats(hub.nc, event, { prefix: hub.names.prefix });
      expect(outcome).toMatchObject({ receipt: { outcome: 'rejected', code: 'agency_suspended' } });
      const overHttp = await client.publishOverHttp(baseUrl, { ...event, id: `${event.id}-http` });
      expect(overHttp).toMatchObject({ status: 403, receipt: { code: 'agency_suspended' } });
    } finally {
      await setStatus(registry(), 'riverside-probation', 'active');
    }
    const client = createAgencyClient({
      agencyId: 'riverside-probation',
      key: hub.keys.get('riverside-probation')!,
    });
    const event = client.build('supervision.ended', {
      subject: uniqueSubject(),
      data: { endedAt: new Date().toISOString(), reason: 'completed' },
    });
    expect(await client.publishOverNats(hub.nc, event, { prefix: hub.names.prefix })).toMatchObject({
      receipt: { outcome: 'accepted' },
    });
  });

  it('rotates keys without downtime, and a revoked key is refused at once', async () => {
    const oldKey = hub.keys.get('county-jail')!;
    const issued = await addKey(registry(), 'county-jail');
    const newKey = { kid: issued.kid, privateJwk: issued.privateJwk! };

    expect(
      (await send('nats', 'county-jail', JSON.stringify(release()), { key: oldKey })).receipt,
    ).toMatchObject({ outcome: 'accepted' });
    expect(
      (await send('nats', 'county-jail', JSON.stringify(release()), { key: newKey })).receipt,
    ).toMatchObject({ outcome: 'accepted' });

    await revokeKey(registry(), 'county-jail', oldKey.kid);
    hub.keys.set('county-jail', newKey);
    const refused = await send('http', 'county-jail', JSON.stringify(release()), { key: oldKey });
    expect(refused).toMatchObject({ status: 401, receipt: { code: 'unknown_key' } });
    expect(
      (await send('http', 'county-jail', JSON.stringify(release()), { key: newKey })).receipt,
    ).toMatchObject({
      outcome: 'accepted',
    });
  });

  it('does nothing for a replay a day later, after JetStream has long forgotten the id', async () => {
    const event = release({ time: new Date(Date.now() - 60_000).toISOString() });
    const body = JSON.stringify(event);
    expect((await send('nats', 'county-jail', body)).receipt).toMatchObject({ outcome: 'accepted' });

    // A day later JetStream's duplicate window (2 minutes) is long past: shrink it and wait it out.
    const jsm = await jetstream(hub.nc).jetstreamManager();
    await jsm.streams.update(hub.names.caseEventStream, { duplicate_window: 500_000_000 });
    try {
      for (const via of ['nats', 'http'] as const) {
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const { receipt } = await send(via, 'county-jail', body);
        expect(receipt).toMatchObject({ outcome: 'duplicate', eventId: event.id });
      }
    } finally {
      await jsm.streams.update(hub.names.caseEventStream, { duplicate_window: 120_000_000_000 });
    }
    const stored = await findCaseEvent(hub.db, 'county-jail', event.id);
    const runs: string[] = [];
    for await (const w of hub.temporal.workflow.list({ query: `WorkflowId="${stored!.workflow_id}"` }))
      runs.push(w.runId);
    expect(runs).toHaveLength(1);
  });

  it('refuses a body too large for JetStream at the HTTP door, with the same code', async () => {
    const huge = JSON.stringify(release({}, { facility: 'x'.repeat(300 * 1024) }));
    const { receipt, status } = await send('http', 'county-jail', huge);
    expect(status).toBe(413);
    expect(receipt).toMatchObject({ outcome: 'rejected', code: 'payload_too_large' });
    expect((receipt as { message: string }).message).toContain(String(256 * 1024));

    // A made-up agency is told the same, and leaves nothing behind to list or fill the table with.
    const invented = `made-up-${Date.now()}`;
    expect((await send('http', invented, huge)).status).toBe(413);
    expect(await send('http', invented, JSON.stringify(release()))).toMatchObject({ status: 404 });
    expect(await listRecentRejections(hub.db, invented, 10)).toEqual([]);
  });

  it("cannot be pre-empted: a forged body sent first under the real event's id does not swallow it", async () => {
    const real = release();
    const forged = JSON.stringify({ ...real, data: { ...(real.data as object), reason: 'acquitted' } });
    const attack = await send('http', 'county-jail', forged, { key: null });
    expect(attack).toMatchObject({ status: 401, receipt: { code: 'missing_signature' } });
    const genuine = await send('http', 'county-jail', JSON.stringify(real));
    expect(genuine).toMatchObject({ status: 202, receipt: { outcome: 'accepted', eventId: real.id } });
    expect((await findCaseEvent(hub.db, 'county-jail', real.id))!.data).toMatchObject({
      reason: 'sentence_completed',
    });
  });

  it('answers through tRPC exactly as over HTTP', async () => {
    const event = release();
    const body = JSON.stringify(event);
    const signature = await signEvent(body, hub.keys.get('county-jail')!);
    expect(
      await api.as.agency('county-jail').caseEvent.publish.mutate({ event: body, signature }),
    ).toMatchObject({
      status: 202,
      receipt: { outcome: 'accepted', eventId: event.id },
    });
    const forged = JSON.stringify({ ...event, id: `${event.id}-forged` });
    expect(
      await api.as.agency('county-jail').caseEvent.publish.mutate({ event: forged, signature }),
    ).toMatchObject({
      status: 401,
      receipt: { outcome: 'rejected', code: 'bad_signature' },
    });
  });

  it("keeps each agency's recent rejections for it to list", async () => {
    const rejections = await listRecentRejections(hub.db, 'county-jail', 100);
    const codes = new Set(rejections.map((r) => r.code));
    for (const code of [
      'missing_signature',
      'bad_signature',
      'unknown_key',
      'invalid_data',
      'payload_too_large',
      'time_in_future',
    ]) {
      expect(codes).toContain(code);
    }
  });
});
