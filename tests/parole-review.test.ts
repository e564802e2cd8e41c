import { agencySource } from '@switchboard/events';
import { header, readMailbox, type StoredMessage, waitForMessages } from '@switchboard/mailbox';
import { open } from '@switchboard/sealing';
import { type ParoleReviewStatus, paroleReviewWorkflowId } from '@switchboard/workflows/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';
import { historyText } from './harness/temporal-history';

/**
 * A parole review end to end, with its days shortened to seconds: the notice invites a statement
 * through a link, the statement is stored sealed and accepted by the review's workflow (which never
 * sees its words), the registrant who has not written is reminded, a late statement is refused and
 * handed back, and the decision is told to everyone.
 */
describe('parole review and impact statements', () => {
  let hub: TestHub;
  let api: TestApi;
  const subject = uniqueSubject();
  const reviewId = `PR-${subject}`;
  const statement =
    'Since that night I cannot sleep with the lights off. Please keep him away from Oak Lane.';
  let writerId: string;
  let silentId: string;

  beforeAll(async () => {
    hub = await startHub(inject('services'), { settings: { statementReminderSeconds: 4 } });
    api = await startApi(hub);
    const board = 'state-parole-board';
    writerId = await hub.register(
      subject,
      { displayName: 'Dana Writer', email: 'dana.writer@example.test' },
      board,
    );
    silentId = await hub.register(
      subject,
      { displayName: 'Sam Quiet', email: 'sam.quiet@example.test' },
      board,
    );
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  let clock = Date.now();
  const boardEvent = (type: string, data: Record<string, unknown>) => {
    clock = Math.max(Date.now(), clock + 1);
    return {
      specversion: '1.0',
      id: `evt-${type}-${Math.random().toString(36).slice(2, 10)}`,
      source: agencySource('state-parole-board'),
      type,
      subject,
      time: new Date(clock).toISOString(),
      data,
    };
  };
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const to = (address: string) => (m: StoredMessage) =>
    (m.mail.text ?? '').includes(subject) && JSON.stringify(m.mail.to).includes(address);
  const notice = (m: StoredMessage) => header(m, 'X-Switchboard-Notice');
  const linkIn = (m: StoredMessage) => /\/statement\/([A-Za-z0-9_-]+)/.exec(m.mail.text ?? '')![1]!;
  const post = (token: string, words: string) =>
    fetch(`${api.baseUrl}/statement/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ statement: words }).toString(),
    });
  const review = () =>
    hub.temporal.workflow.getHandle(paroleReviewWorkflowId('state-parole-board', reviewId));

  it('invites a statement, accepts it sealed, reminds only who has not written, refuses a late one', async () => {
    const deadline = inSeconds(9);
    const published = await hub.publish(
      'state-parole-board',
      boardEvent('parole.review_scheduled', {
        reviewId,
        scheduledFor: inSeconds(30),
        board: 'State Board of Parole Hearings',
        statementDeadline: deadline,
      }),
    );
    expect(published).toMatchObject({ receipt: { outcome: 'accepted' } });
    const [writerNotice] = await waitForMessages(hub.mailDir, to('dana.writer'), { timeoutMs: 15_000 });
    const [silentNotice] = await waitForMessages(hub.mailDir, to('sam.quiet'), { timeoutMs: 15_000 });
    expect(writerNotice!.mail.subject).toBe(`Parole review scheduled: case ${subject}`);
    expect(writerNotice!.mail.text).toContain('You do not have to');

    // Opening the link (a mail scanner does) changes nothing; it shows the form.
    const page = await fetch(`${api.baseUrl}/statement/${linkIn(writerNotice!)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<textarea');
    expect((await post(linkIn(writerNotice!), '   ')).status).toBe(422);
    expect((await post('not-a-real-link-token-0000000', statement)).status).toBe(404);

    const accepted = await post(linkIn(writerNotice!), statement);
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('The board will have your statement');

    // Sealed at rest, accepted once, and the registrant's detail a consent may disclose.
    const rows = await hub.db
      .selectFrom('impact_statement')
      .selectAll()
      .where('review_workflow_id', '=', review().workflowId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.accepted_at).not.toBeNull();
    expect(rows[0]!.statement_sealed).not.toContain('Oak Lane');
    expect(await open(hub.keyring, rows[0]!.statement_sealed)).toBe(statement);
    const detail = await hub.db
      .selectFrom('registrant_detail')
      .innerJoin('registration', 'registration.registrant_id', 'registrant_detail.registrant_id')
      .select('value_sealed')
      .where('registration.id', '=', writerId)
      .where('field', '=', 'impact_statement')
      .executeTakeFirstOrThrow();
    expect(await open(hub.keyring, detail.value_sealed)).toBe(statement);

    // 4 s before the deadline: a reminder to the one who has not written, and to nobody else.
    const [reminder] = await waitForMessages(
      hub.mailDir,
      (m) => to('sam.quiet')(m) && notice(m) !== 'event',
      { timeoutMs: 15_000 },
    );
    expect(notice(reminder!)).toBe('reminder-4s');
    expect(reminder!.mail.subject).toMatch(/^Reminder: your statement/);
    expect(linkIn(reminder!)).not.toBe(linkIn(silentNotice!));

    // After the deadline: refused, not kept, and the words handed back in the form.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(deadline) - Date.now() + 500)));
    const late = await post(linkIn(reminder!), 'I want to be heard too.');
    expect(late.status).toBe(409);
    const latePage = await late.text();
    expect(latePage).toContain('the window for statements closed');
    expect(latePage).toContain('I want to be heard too.');
    expect(
      await hub.db
        .selectFrom('impact_statement')
        .select('id')
        .where('registration_id', '=', silentId)
        .execute(),
    ).toHaveLength(0);
    const mails = await readMailbox(hub.mailDir);
    expect(mails.filter((m) => to('dana.writer')(m) && notice(m) !== 'event')).toHaveLength(0);

    const status = await api.as.coordinator.parole.status.query({ agencyId: 'state-parole-board', reviewId });
    expect(status).toMatchObject({ state: 'closed', statementsFrom: [writerId], remindersSent: 1 });
  });

  it('tells everyone the decision, ends the review, and never held the statement in Temporal', async () => {
    await hub.publish(
      'state-parole-board',
      boardEvent('parole.decision', { reviewId, decidedAt: new Date().toISOString(), decision: 'denied' }),
    );
    const result = (await review().result()) as ParoleReviewStatus;
    expect(result).toMatchObject({ state: 'decided', decision: 'denied', statementsFrom: [writerId] });
    const decisions = await waitForMessages(
      hub.mailDir,
      (m) => m.mail.subject === `Parole decision: case ${subject}`,
      { count: 2, timeoutMs: 15_000 },
    );
    expect(decisions).toHaveLength(2);
    expect(decisions[0]!.mail.text).toContain('parole was denied');

    const { opened } = await historyText(review(), hub.keyring);
    expect(opened).toContain(writerId);
    expect(opened).not.toContain('Oak Lane');
    expect(opened).not.toContain('Dana');
  });
});
