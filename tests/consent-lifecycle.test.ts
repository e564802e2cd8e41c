import { createHash } from 'node:crypto';
import { listAuditRecords } from '@switchboard/db';
import { header, waitForMessages } from '@switchboard/mailbox';
import { consentWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

/** A consent's life in Temporal, with its durations cut to seconds. */
describe('consent lifecycle', () => {
  let hub: TestHub;
  let api: TestApi;
  let registrantId: string;
  let caseRef: string;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub, { consentReminderSeconds: 3 });
    caseRef = uniqueSubject();
    const registrationId = await hub.register(caseRef, {
      displayName: 'Lucía Romero',
      email: 'lucia@example.test',
      language: 'es',
    });
    registrantId = await hub.registrantOf(registrationId);
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  const grant = (seconds: number) =>
    api.as.registrant(registrantId).consent.grant.mutate({
      registrantId,
      recipientAgencyId: 'riverside-court',
      purpose: 'victim_services',
      fields: ['name', 'case_status'],
      caseRef,
      expiresAt: new Date(Date.now() + seconds * 1000).toISOString(),
      regime: 'systems_advocate',
      noticeHash: createHash('sha256').update('notice').digest('hex'),
    });

  it('reminds the registrant in their language before expiry, then records the expiry', async () => {
    const consent = await grant(6);
    const reminders = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Consent') === consent.consentId,
      { timeoutMs: 20_000 },
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.mail.subject).toContain('Riverside Superior Court');
    expect(reminders[0]!.mail.text).toContain('el estado del caso');
    const outcome = await hub.temporal.workflow.getHandle(consentWorkflowId(consent.consentId)).result();
    expect(outcome).toBe('expired');
    const trail = await listAuditRecords(hub.db, { consentId: consent.consentId });
    expect(trail.map((r) => r.action)).toEqual(['consent.grant', 'consent.token', 'consent.expire']);
    const summary = await api.as.registrant(registrantId).consent.list.query({ registrantId });
    expect(summary.find((c) => c.consentId === consent.consentId)?.state).toBe('expired');
  });

  it('ends at once on revocation, with no reminder', async () => {
    const consent = await grant(3600);
    await api.as.registrant(registrantId).consent.revoke.mutate({ consentId: consent.consentId });
    const outcome = await hub.temporal.workflow.getHandle(consentWorkflowId(consent.consentId)).result();
    expect(outcome).toBe('revoked');
    const trail = await listAuditRecords(hub.db, { consentId: consent.consentId });
    expect(trail.map((r) => r.action)).toEqual(['consent.grant', 'consent.token', 'consent.revoke']);
  });

  it('refuses a consent without an end, or past the policy maximum, saying why', async () => {
    await expect(grant(400 * 86_400)).rejects.toThrow(/at most 365 days/);
    await expect(
      api.as.registrant(registrantId).consent.grant.mutate({
        registrantId,
        recipientAgencyId: 'riverside-court',
        purpose: 'victim_services',
        fields: ['name'],
        caseRef,
        regime: 'systems_advocate',
        noticeHash: createHash('sha256').update('notice').digest('hex'),
      } as never),
    ).rejects.toThrow(/expiresAt/);
  });
});
