import { SIGNATURE_HEADER, signBinaryEvent, signEvent } from '@switchboard/agency-sdk';
import { publishCaseEvent, publishCaseEventBatch, type Receipt } from '@switchboard/bus';
import { findCaseEvent } from '@switchboard/db';
import { binarySigningInput } from '@switchboard/event-signature';
import { agencySource } from '@switchboard/events';
import { CloudEvent, emitterFor, HTTP, type Message, Mode } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * CloudEvents' HTTP binding as the spec writes it, with the official `cloudevents` SDK as the
 * agency's sender: structured, binary (attributes in ce-* headers, the SDK's default) and batched;
 * binary mode's signature binds the headers as well as the body. Over NATS the same modes travel
 * as the NATS binding carries them.
 */
describe('CloudEvents content modes', () => {
  let hub: TestHub;
  let api: TestApi;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const released = (subject: string) =>
    new CloudEvent({
      id: `evt-${uniqueSubject()}`,
      source: agencySource('county-jail'),
      type: 'custody.released',
      subject,
      time: new Date().toISOString(),
      dataversion: '1',
      datacontenttype: 'application/json',
      data: { reason: 'bail', releasedAt: new Date().toISOString(), facility: 'Riverside County Jail' },
    });

  /** The SDK's emitter, as an agency's system would use it, with our signature added to its message. */
  const emitter = (mode: Mode, tamper?: (message: Message) => void) => {
    const answers: { status: number; body: Receipt }[] = [];
    const emit = emitterFor(
      async (message: Message) => {
        const key = hub.keys.get('county-jail')!;
        const signature =
          mode === Mode.BINARY
            ? await signBinaryEvent(message, key)
            : await signEvent(String(message.body), key);
        tamper?.(message);
        const response = await fetch(`${api.baseUrl}/agencies/county-jail/events`, {
          method: 'POST',
          headers: { ...(message.headers as Record<string, string>), [SIGNATURE_HEADER]: signature },
          body: message.body as string,
        });
        answers.push({ status: response.status, body: (await response.json()) as Receipt });
      },
      { binding: HTTP, mode },
    );
    return { emit, answers };
  };

  it("binary mode, the SDK's default: attributes in ce-* headers, data in the body, accepted and told", async () => {
    const subject = uniqueSubject();
    await hub.register(subject, { displayName: 'Robin Vale', email: 'robin.vale@example.test' });
    const event = released(subject);
    expect(HTTP.binary(event).headers).toHaveProperty('ce-type', 'custody.released');
    const { emit, answers } = emitter(Mode.BINARY);
    await emit(event);
    expect(answers[0]).toMatchObject({ status: 202, body: { outcome: 'accepted', eventId: event.id } });
    expect(await findCaseEvent(hub.db, 'county-jail', event.id)).toMatchObject({
      type: 'custody.released',
      subject_ref: subject,
      data: { reason: 'bail', facility: 'Riverside County Jail' },
    });
  });

  it('binary mode: the signature binds the headers, so a changed type or subject is refused', async () => {
    const event = released(uniqueSubject());
    const { emit, answers } = emitter(Mode.BINARY, (message) => {
      (message.headers as Record<string, string>)['ce-type'] = 'custody.escaped';
    });
    await emit(event);
    expect(answers[0]).toMatchObject({ status: 401, body: { outcome: 'rejected', code: 'bad_signature' } });
    expect(await findCaseEvent(hub.db, 'county-jail', event.id)).toBeUndefined();
  });

  it("structured mode from the SDK's emitter (application/cloudevents+json) is accepted", async () => {
    const event = released(uniqueSubject());
    const { emit, answers } = emitter(Mode.STRUCTURED);
    await emit(event);
    expect(answers[0]).toMatchObject({ status: 202, body: { outcome: 'accepted', eventId: event.id } });
  });

  it('a binary-mode body that is not JSON is refused saying so', async () => {
    const event = released(uniqueSubject());
    const message = HTTP.binary(event);
    const headers = { ...(message.headers as Record<string, string>), 'content-type': 'text/plain' };
    const body = 'released';
    const response = await fetch(`${api.baseUrl}/agencies/county-jail/events`, {
      method: 'POST',
      headers: {
        ...headers,
        [SIGNATURE_HEADER]: await signEvent(binarySigningInput(headers, body), hub.keys.get('county-jail')!),
      },
      body,
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'invalid_envelope', field: 'datacontenttype' });
  });

  it('a batch (application/cloudevents-batch+json): one signature, a receipt per event in order, 207 when one is refused', async () => {
    const good = [released(uniqueSubject()), released(uniqueSubject())].map((e) => e.toJSON());
    const bad = { ...custodyRelease('county-jail', uniqueSubject()), type: 'custody.teleported' };
    const body = JSON.stringify([good[0], bad, good[1]]);
    const response = await fetch(`${api.baseUrl}/agencies/county-jail/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents-batch+json',
        [SIGNATURE_HEADER]: await signEvent(body, hub.keys.get('county-jail')!),
      },
      body,
    });
    expect(response.status).toBe(207);
    const { receipts } = (await response.json()) as { receipts: Receipt[] };
    expect(receipts.map((r) => [r.eventId, r.outcome])).toEqual([
      [good[0]!.id, 'accepted'],
      [bad.id, 'rejected'],
      [good[1]!.id, 'accepted'],
    ]);
    expect(receipts[1]).toMatchObject({ code: 'unknown_type', field: 'type' });

    // The batch's signature covers the whole array: one event changed and nothing is taken.
    const tampered = body.replace('"bail"', '"bond"');
    const refused = await fetch(`${api.baseUrl}/agencies/county-jail/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents-batch+json',
        [SIGNATURE_HEADER]: await signEvent(body, hub.keys.get('county-jail')!),
      },
      body: tampered,
    });
    expect(refused.status).toBe(401);
  });

  it('over NATS: binary mode in ce-* headers and a batch, each answered per event', async () => {
    const key = hub.keys.get('county-jail')!;
    const event = released(uniqueSubject());
    const message = HTTP.binary(event);
    const headers = message.headers as Record<string, string>;
    const body = message.body as string;
    const binary = await publishCaseEvent(hub.nc, hub.names, 'county-jail', body, {
      headers,
      eventId: event.id,
      signature: await signEvent(binarySigningInput(headers, body), key),
    });
    expect(binary).toMatchObject({ kind: 'receipt', receipt: { outcome: 'accepted', eventId: event.id } });

    const events = [released(uniqueSubject()), released(uniqueSubject())].map((e) => e.toJSON());
    const batchBody = JSON.stringify(events);
    const batch = await publishCaseEventBatch(
      hub.nc,
      hub.names,
      'county-jail',
      batchBody,
      events.map((e) => e.id as string),
      { signature: await signEvent(batchBody, key) },
    );
    expect(batch.kind).toBe('receipts');
    if (batch.kind === 'receipts')
      expect(batch.receipts.map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
  });

  it('GET /events/schema: a JSON Schema and an example per type; a bad event is answered with every problem', async () => {
    const reference = (await (await fetch(`${api.baseUrl}/events/schema`)).json()) as {
      events: { type: string; schema: { properties: Record<string, unknown> }; example: unknown }[];
    };
    expect(reference.events.map((e) => e.type)).toContain('custody.released');
    expect(reference.events.find((e) => e.type === 'custody.released')!.schema.properties).toHaveProperty(
      'data',
    );

    const body = JSON.stringify({
      ...custodyRelease('county-jail', uniqueSubject()),
      subject: 'not a reference',
      data: { reason: 'vanished', releasedAt: 'yesterday', facility: 'Riverside County Jail' },
    });
    const response = await fetch(`${api.baseUrl}/agencies/county-jail/events`, {
      method: 'POST',
      headers: { [SIGNATURE_HEADER]: await signEvent(body, hub.keys.get('county-jail')!) },
      body,
    });
    const receipt = (await response.json()) as Receipt & { problems?: { field?: string }[] };
    expect(receipt).toMatchObject({ outcome: 'rejected', code: 'invalid_envelope' });
    expect(receipt.problems?.map((p) => p.field)).toEqual(['subject', 'data.reason', 'data.releasedAt']);
  });
});
