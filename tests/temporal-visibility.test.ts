import { randomUUID } from 'node:crypto';
import { SESSION_COOKIE } from '@switchboard/api';
import { listAuditRecords } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { header, waitForMessages } from '@switchboard/mailbox';
import { caseEventWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';
import { historyText } from './harness/temporal-history';

/** What a coordinator sees in Temporal UI, and what must never be there. */
describe('case-event and notification workflows in Temporal', () => {
  let hub: TestHub;
  const registrant = { displayName: 'Morgan Quill', email: 'morgan.quill@example.test' };
  const subject = uniqueSubject();
  let eventId: string;
  let escapeId: string;

  beforeAll(async () => {
    hub = await startHub(inject('services'));
    await hub.register(subject, registrant);
    // Moved to the state prison, which keeps the same number: registered there too.
    await hub.register(subject, registrant, 'state-prison');
    const event = custodyRelease('county-jail', subject);
    eventId = event.id;
    await hub.publish('county-jail', event);
    await waitForMessages(hub.mailDir, (m) => header(m, 'X-Switchboard-Event') === `county-jail/${eventId}`);
    await hub.temporal.workflow.getHandle(caseEventWorkflowId('county-jail', eventId)).result();
    // Urgent news too: it gives the registrant a workflow of their own, with state and details.
    const now = new Date().toISOString();
    escapeId = `evt-escape-${Date.now().toString(36)}`;
    await hub.publish('state-prison', {
      specversion: '1.0',
      id: escapeId,
      source: agencySource('state-prison'),
      type: 'custody.escaped',
      subject,
      time: now,
      data: { escapedAt: now, facility: 'North Facility' },
    });
    await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `state-prison/${escapeId}`,
    );
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const listIds = async (query: string) => {
    const ids: string[] = [];
    for await (const execution of hub.temporal.workflow.list({ query })) ids.push(execution.workflowId);
    return ids.sort();
  };

  it('can be found by subject, agency and event type', async () => {
    const query = `SubjectRef="${subject}" AND AgencyId="county-jail" AND EventType="custody.released"`;
    // Visibility is eventually consistent.
    await expect.poll(() => listIds(query), { timeout: 10_000 }).toHaveLength(1);
    expect(await listIds(query)).toEqual([caseEventWorkflowId('county-jail', eventId)]);
    // The urgent one: its case-event workflow and the registrant's own, awaiting confirmation.
    const urgent = `SubjectRef="${subject}" AND Urgency="urgent"`;
    await expect.poll(() => listIds(urgent), { timeout: 10_000 }).toHaveLength(2);
    const [caseEvent, notification] = await listIds(urgent);
    expect(caseEvent).toBe(caseEventWorkflowId('state-prison', escapeId));
    expect(notification).toMatch(/^notify:state-prison:/);
    await expect
      .poll(() => listIds(`${urgent} AND DeliveryState="awaiting-confirmation"`), { timeout: 10_000 })
      .toEqual([notification]);
  });

  it('carries a readable summary made of identifiers', async () => {
    const description = await hub.temporal.workflow
      .getHandle(caseEventWorkflowId('county-jail', eventId))
      .describe();
    expect(await description.staticSummary()).toBe(
      `custody.released (high) from county-jail about subject ${subject}, event ${eventId}`,
    );
  });

  it('opens sealed payloads for a coordinator through the codec endpoint, and for nobody else', async () => {
    const api = await startApi(hub);
    try {
      const handle = hub.temporal.workflow.getHandle(caseEventWorkflowId('county-jail', eventId));
      const started = (await handle.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
      const payload = started.input!.payloads![0]!;
      const body = JSON.stringify({
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
            ),
            data: Buffer.from(payload.data!).toString('base64'),
          },
        ],
      });
      const ui = 'http://127.0.0.1:8233';
      const decode = (session?: string, origin = ui) =>
        fetch(`${api.baseUrl}/codec/decode`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin,
            ...(session ? { cookie: `${SESSION_COOKIE}=${session}` } : {}),
          },
          body,
        });
      // Temporal UI sends the signed-in coordinator's session cookie: nothing secret is in its URL.
      const coordinator = await api.session('staff', 'casey', ['coordinator']);
      const opened = await decode(coordinator);
      expect(opened.status).toBe(200);
      expect(opened.headers.get('access-control-allow-origin')).toBe(ui);
      expect(opened.headers.get('access-control-allow-credentials')).toBe('true');
      const decoded = (await opened.json()) as { payloads: { data: string }[] };
      const input = JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString());
      expect(input).toMatchObject({ agencyId: 'county-jail', eventId, subjectRef: subject });
      const audited = (await listAuditRecords(hub.db, { limit: 100_000 }))
        .filter((r) => r.action === 'payload.decode')
        .at(-1);
      expect(audited).toMatchObject({ actor: expect.stringContaining('casey'), outcome: 'allowed' });

      // Nobody else: no session, a registrant's, a coordinator's cookie sent from another site.
      expect((await decode()).status).toBe(401);
      expect((await decode(await api.session('registrant', randomUUID()))).status).toBe(403);
      expect((await decode(coordinator, 'https://evil.example')).status).toBe(401);
      // Temporal UI's pages are trusted for the codec alone, not for the hub's other actions.
      const fromUi = await fetch(`${api.baseUrl}/trpc/notification.stop`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: ui,
          cookie: `${SESSION_COOKIE}=${coordinator}`,
        },
        body: JSON.stringify({ workflowId: 'notify:x', reason: 'from the UI page' }),
      });
      expect(fromUi.status).toBe(401);
      const preflight = await fetch(`${api.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin: ui },
      });
      expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ui);
    } finally {
      await api.close();
    }
  });

  it('holds no personal data in any input, result, history, search attribute or summary', async () => {
    const ids = await listIds(`SubjectRef="${subject}"`);
    expect(ids.length).toBe(3);
    for (const workflowId of ids) {
      const handle = hub.temporal.workflow.getHandle(workflowId);
      const { stored, opened: text } = await historyText(handle, hub.keyring);
      // Stored sealed: Temporal's own database holds no readable payload at all.
      expect(stored).not.toMatch(/deliveryId|notified|caseEventId/);
      expect(stored).toContain(Buffer.from('binary/encrypted').toString('base64'));
      // Opened with the hub's key (as a coordinator sees it through the codec endpoint), still no personal data.
      expect(text).not.toContain(registrant.email);
      expect(text).not.toContain('Morgan');
      expect(text).not.toContain('Quill');
      // And the identifiers are really there, so the check above is looking at the right thing.
      expect(text).toContain(subject);
      // The decoded payloads are really there: a delivery's outcome, or the case event's result.
      expect(text).toMatch(workflowId.startsWith('notify:') ? /deliveryId/ : /notified/);
    }
  });
});
