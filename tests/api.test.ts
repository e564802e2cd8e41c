import { header, waitForMessages } from '@switchboard/mailbox';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

describe('API over HTTP', () => {
  let hub: TestHub;
  let baseUrl: string;
  let jail: TestApi['trpc'];
  let coordinator: TestApi['trpc'];
  let close: () => Promise<void>;

  beforeAll(async () => {
    hub = await startHub(inject('services'));
    const api = await startApi(hub);
    ({ baseUrl, close } = api);
    jail = api.as.agency('county-jail');
    coordinator = api.as.coordinator;
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

    // Coordinators see how many were told; the agency only that its event was taken and started,
    // never whether anybody is registered.
    await expect
      .poll(async () => {
        const status = await coordinator.caseEvent.status.query({
          agencyId: 'county-jail',
          eventId: event.id,
        });
        return 'notifications' in status ? status.notifications : undefined;
      })
      .toEqual({ sent: 1, pending: 0 });
    const status = await jail.caseEvent.status.query({ eventId: event.id });
    expect(status).toMatchObject({ type: 'custody.released', subjectRef: subject, workflowStarted: true });
    expect(status).not.toHaveProperty('notifications');
    expect(JSON.stringify(status)).not.toContain('casey');
  });

  it('lists an agency its recent rejections, newest first', async () => {
    const broken = custodyRelease('county-jail', uniqueSubject(), { time: 'yesterday' });
    await hub.publish('county-jail', broken);
    const [latest] = await jail.agency.recentRejections.query({ limit: 5 });
    expect(latest).toMatchObject({ eventId: broken.id, code: 'invalid_envelope', field: 'time' });
  });

  it('answers a bad request with a clear error', async () => {
    await expect(coordinator.caseEvent.status.query({ agencyId: 'Not An Id', eventId: 'x' })).rejects.toThrow(
      TRPCError,
    );
    await expect(jail.caseEvent.status.query({ eventId: 'no-such-event' })).rejects.toThrow(
      /no event no-such-event from agency county-jail/,
    );
  });
});

const TRPCError = TRPCClientError;
