import {
  findActiveRegistrationIds,
  findCaseEvent,
  findRegistrationRecord,
  listDeliveriesForCaseEvent,
} from '@switchboard/db';
import { header, readMailbox, type StoredMessage, waitForMessages } from '@switchboard/mailbox';
import { MAX_FAILED_ATTEMPTS } from '@switchboard/registrations';
import { notificationWorkflowId } from '@switchboard/workflows/contract';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/** Opting in through the API: nothing but a code reaches an address until the code comes back. */
describe('registering for notices', () => {
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

  const codeFor = async (contactPointId: string, count = 1) => {
    const mails = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Verification') === contactPointId,
      {
        count,
      },
    );
    expect(mails.length).toBeGreaterThanOrEqual(count);
    return /\b(\d{6})\b/.exec(mails.at(-1)!.mail.text ?? '')![1]!;
  };
  const isFor = (eventId: string) => (m: StoredMessage) =>
    header(m, 'X-Switchboard-Event') === `county-jail/${eventId}`;

  /** Publishes a release and waits for its workflow to finish; returns the emails it caused. */
  const releaseAndCount = async (subject: string) => {
    const event = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', event);
    const row = await findCaseEvent(hub.db, 'county-jail', event.id);
    await hub.temporal.workflow.getHandle(row!.workflow_id).result();
    return {
      mails: (await readMailbox(hub.mailDir)).filter(isFor(event.id)),
      eventId: event.id,
      caseEventId: row!.id,
      workflowId: row!.workflow_id,
    };
  };

  it('sends only a code until the address is confirmed, then notices', async () => {
    const subject = uniqueSubject();
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: subject,
      displayName: 'Rosa Delgado',
      email: 'rosa.delgado@example.test',
      language: 'es',
      timeZone: 'America/Los_Angeles',
    });
    const code = await codeFor(enrolment.contactPointId);

    const before = await releaseAndCount(subject);
    expect(before.mails).toHaveLength(0);
    expect(await listDeliveriesForCaseEvent(hub.db, before.caseEventId)).toHaveLength(0);

    const wrong = code === '000000' ? '111111' : '000000';
    await expect(
      api.trpc.registration.verifyContact.mutate({ contactPointId: enrolment.contactPointId, code: wrong }),
    ).rejects.toThrow('that code is not valid');
    expect(
      await api.trpc.registration.verifyContact.mutate({ contactPointId: enrolment.contactPointId, code }),
    ).toEqual({
      verified: true,
    });

    const after = await releaseAndCount(subject);
    expect(after.mails).toHaveLength(1);
    expect(after.mails[0]!.mail.subject).toContain('Aviso de liberación');
  });

  it('refuses a bad address with a message that says what is wrong, and stores nothing', async () => {
    const subjectRef = uniqueSubject();
    const error = await api.trpc.registration.enrol
      .mutate({ agencyId: 'county-jail', subjectRef, displayName: 'Lee', email: 'lee-at-example' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(String((error as Error).message)).toContain('must be an email address');
    expect(await findActiveRegistrationIds(hub.db, { agencyId: 'county-jail', subjectRef })).toEqual([]);
  });

  it('stops taking codes after too many wrong ones, until a new code is sent', async () => {
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: uniqueSubject(),
      displayName: 'Sam Okafor',
      email: 'sam.okafor@example.test',
    });
    const code = await codeFor(enrolment.contactPointId);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
      await expect(
        api.trpc.registration.verifyContact.mutate({ contactPointId: enrolment.contactPointId, code: wrong }),
      ).rejects.toThrow('that code is not valid');
    }
    await expect(
      api.trpc.registration.verifyContact.mutate({ contactPointId: enrolment.contactPointId, code }),
    ).rejects.toThrow('too many wrong codes');

    await api.trpc.registration.requestCode.mutate({ contactPointId: enrolment.contactPointId });
    const fresh = await codeFor(enrolment.contactPointId, 2);
    expect(
      await api.trpc.registration.verifyContact.mutate({
        contactPointId: enrolment.contactPointId,
        code: fresh,
      }),
    ).toEqual({ verified: true });
  });

  it('never lets a new code lift the lock: wrong codes count against the address for an hour, and codes go out only so often', async () => {
    const { contactPointId } = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: uniqueSubject(),
      displayName: 'Ada Guess',
      email: 'ada.guess@example.test',
    });
    const verify = (code: string) => api.trpc.registration.verifyContact.mutate({ contactPointId, code });
    let code = await codeFor(contactPointId);
    for (let round = 1; round <= 2; round++) {
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await expect(verify(wrong)).rejects.toThrow('not valid');
      await api.trpc.registration.requestCode.mutate({ contactPointId });
      code = await codeFor(contactPointId, round + 1);
    }
    // Ten wrong codes over two codes: even the right one now waits the hour out.
    await expect(verify(code)).rejects.toThrow(/too many attempts; try again in (59|60) minutes/);
    // Five codes an hour, whoever asks.
    for (let i = 0; i < 3; i++) await api.trpc.registration.requestCode.mutate({ contactPointId });
    await expect(api.trpc.registration.requestCode.mutate({ contactPointId })).rejects.toThrow(
      'too many attempts',
    );
  });

  it('stays silent while paused and after the end; resumes when asked', async () => {
    const subject = uniqueSubject();
    const registrationId = await hub.register(subject);
    await api.as.ownerOf(registrationId).registration.setStatus.mutate({ registrationId, status: 'paused' });
    expect((await releaseAndCount(subject)).mails).toHaveLength(0);
    await api.as.ownerOf(registrationId).registration.setStatus.mutate({ registrationId, status: 'active' });
    expect((await releaseAndCount(subject)).mails).toHaveLength(1);
    await api.as.ownerOf(registrationId).registration.setStatus.mutate({ registrationId, status: 'ended' });
    expect((await releaseAndCount(subject)).mails).toHaveLength(0);
  });

  it('changes what a registrant hears, and when, at any time', async () => {
    const subject = uniqueSubject();
    const registrationId = await hub.register(subject);
    // Only court news from now on: a release reaches nobody.
    await api.as.ownerOf(registrationId).registration.update.mutate({ registrationId, families: ['court'] });
    expect((await releaseAndCount(subject)).mails).toHaveLength(0);

    // Everything again, but quiet now (all day but the minute before last): held, not sent.
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().slice(11, 16);
    await api.as.ownerOf(registrationId).registration.update.mutate({
      registrationId,
      families: null,
      timeZone: 'UTC',
      quietHours: { start: minutesAgo(1), end: minutesAgo(2) },
    });
    const held = await releaseAndCount(subject);
    expect(held.mails).toHaveLength(0);
    expect(await hub.temporal.workflow.getHandle(held.workflowId).result()).toEqual({
      notified: 1,
      sent: 0,
      held: 1,
    });
    const own = notificationWorkflowId({
      agencyId: 'county-jail',
      caseEventId: held.caseEventId,
      registrationId,
    });
    await expect
      .poll(async () => (await api.as.coordinator.notification.status.query({ workflowId: own })).state, {
        timeout: 10_000,
      })
      .toBe('held-quiet-hours');
    // A coordinator (or the morning) releases it.
    await api.as.coordinator.notification.resend.mutate({
      workflowId: own,
      reason: 'registrant asked again',
    });
    await hub.temporal.workflow.getHandle(own).result();
    expect((await readMailbox(hub.mailDir)).filter(isFor(held.eventId))).toHaveLength(1);

    // No quiet hours any more: sent at once.
    await api.as.ownerOf(registrationId).registration.update.mutate({ registrationId, quietHours: null });
    expect((await releaseAndCount(subject)).mails).toHaveLength(1);
  });

  it('lets an advocate register a victim only with the victim’s agreement on record', async () => {
    const advocate = {
      displayName: 'Ana Ruiz',
      email: 'ana.ruiz@safeharbor.test',
      organisation: 'Safe Harbor',
    };
    const agreedAt = new Date(Date.now() - 3_600_000).toISOString();
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: uniqueSubject(),
      displayName: 'Morgan Vale',
      email: 'morgan.vale@example.test',
      advocate,
      onBehalf: { agreementObtainedAt: agreedAt, agreementMethod: 'in_person' },
    });
    expect(await findRegistrationRecord(hub.db, enrolment.registrationId)).toMatchObject({
      registered_by: 'advocate',
      agreement_method: 'in_person',
      agreement_obtained_at: new Date(agreedAt),
    });
    const base = {
      agencyId: 'county-jail',
      subjectRef: uniqueSubject(),
      displayName: 'Morgan Vale',
      email: 'morgan.vale@example.test',
    };
    await expect(
      api.trpc.registration.enrol.mutate({
        ...base,
        onBehalf: { agreementObtainedAt: agreedAt, agreementMethod: 'phone' },
      }),
    ).rejects.toThrow('names the advocate making it');
    await expect(
      api.trpc.registration.enrol.mutate({
        ...base,
        advocate,
        onBehalf: {
          agreementObtainedAt: new Date(Date.now() + 86_400_000).toISOString(),
          agreementMethod: 'phone',
        },
      }),
    ).rejects.toThrow('cannot be in the future');
    // A victim's own registration is theirs.
    const own = await api.trpc.registration.enrol.mutate(base);
    expect(await findRegistrationRecord(hub.db, own.registrationId)).toMatchObject({
      registered_by: 'registrant',
    });
  });

  it('refuses a change it cannot make, saying why', async () => {
    const registrationId = await hub.register(uniqueSubject());
    await expect(
      api.as
        .ownerOf(registrationId)
        .registration.update.mutate({ registrationId, urgentRepeat: { everyMinutes: 1, forHours: 2 } }),
    ).rejects.toThrow('at least every 5 minutes');
    await expect(
      api.as.ownerOf(registrationId).registration.update.mutate({ registrationId }),
    ).rejects.toThrow('name at least one thing to change');
    await expect(
      api.as.ownerOf(registrationId).registration.update.mutate({
        registrationId: '00000000-0000-4000-8000-000000000000',
        language: 'es',
      }),
    ).rejects.toThrow('no such record of yours'); // the same answer as for someone else's
  });

  it('tells a registrant only about the kinds of news they chose', async () => {
    const subject = uniqueSubject();
    await api.trpc.registration.enrol.mutate({
      agencyId: 'county-jail',
      subjectRef: subject,
      displayName: 'Kim Ng',
      email: 'kim.ng@example.test',
      families: ['court'],
    });
    const custody = await releaseAndCount(subject);
    expect(custody.mails).toHaveLength(0);
    expect(await hub.temporal.workflow.getHandle(custody.workflowId).result()).toEqual({
      notified: 0,
      sent: 0,
      held: 0,
    });
  });
});
