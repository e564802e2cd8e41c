import { header, waitForMessages } from '@switchboard/mailbox';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

describe('API over HTTP', () => {
  let hub: TestHub;
  let baseUrl: string;
  let api: TestApi['trpc'];
  let close: () => Promise<void>;

  beforeAll(async () => {
    hub = await startHub(inject('services'));
    ({ baseUrl, trpc: api, close } = await startApi(hub));
  });
  afterAll(async () => {
    await close?.();
    await hub?.stop();
  });

  it('reports health on GET /health', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('shows an agency where its event stands, without saying who was told', async () => {
    const subject = uniqueSubject();
    await hub.register(subject, { displayName: 'Casey Vale', email: 'casey.vale@example.test' });
    const event = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', event);
    await waitForMessages(hub.mailDir, (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`);

    await expect
      .poll(
        async () =>
          (await api.caseEvent.status.query({ agencyId: 'county-jail', eventId: event.id })).notifications,
      )
      .toEqual({ sent: 1, pending: 0 });
    const status = await api.caseEvent.status.query({ agencyId: 'county-jail', eventId: event.id });
    expect(status).toMatchObject({ type: 'custody.released', subjectRef: subject, workflowStarted: true });
    expect(JSON.stringify(status)).not.toContain('casey');
  });

  it('lists an agency its recent rejections, newest first', async () => {
    const broken = custodyRelease('county-jail', uniqueSubject(), { time: 'yesterday' });
    await hub.publish('county-jail', broken);
    const [latest] = await api.agency.recentRejections.query({ agencyId: 'county-jail', limit: 5 });
    expect(latest).toMatchObject({ eventId: broken.id, code: 'invalid_envelope', field: 'time' });
  });

  it('answers a bad request with a clear error', async () => {
    await expect(api.caseEvent.status.query({ agencyId: 'Not An Id', eventId: 'x' })).rejects.toThrow(
      TRPCError,
    );
    await expect(
      api.caseEvent.status.query({ agencyId: 'county-jail', eventId: 'no-such-event' }),
    ).rejects.toThrow(/no event no-such-event from agency county-jail/);
  });
});

const TRPCError = TRPCClientError;
