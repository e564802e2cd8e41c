import { resolve } from 'node:path';
import { type BusNames, type NatsConnection, publishCaseEvent } from '@switchboard/bus';
import { createRegistrant, type Db, findActiveRegistrationIds, register, saveAgency } from '@switchboard/db';
import { agencySource } from '@switchboard/events';
import { header, waitForMessages } from '@switchboard/mailbox';
import { describeOutcome } from './publish';

export const demoSubject = 'SUBJ-2026-0042';

/** Two agencies and one registered victim. Safe to run again: nothing is duplicated. */
export async function seedDemo(db: Db): Promise<void> {
  await saveAgency(db, { id: 'county-jail', name: 'Riverside County Jail', kind: 'jail' });
  await saveAgency(db, {
    id: 'riverside-victim-services',
    name: 'Riverside Victim Services',
    kind: 'community_advocate',
  });
  if ((await findActiveRegistrationIds(db, demoSubject)).length > 0) return;
  // Demo data only; a real registration comes from the victim or an advocate with them.
  const registrant = await createRegistrant(db, {
    displayName: 'Alex Rivera',
    email: 'alex.rivera@example.test',
    language: 'en',
  });
  await register(db, { registrantId: registrant.id, subjectRef: demoSubject, channel: 'email' });
}

/** Publishes a fresh release for the demo subject and waits for the email in the mail folder. */
export async function runDemo(
  deps: { db: Db; nc: NatsConnection; names: BusNames; mailDir: string; temporalUi: string },
  print: (line: string) => void,
): Promise<boolean> {
  await seedDemo(deps.db);
  print(
    'demo: agencies county-jail (jail) and riverside-victim-services (community advocate); one registrant for subject SUBJ-2026-0042',
  );

  const now = new Date();
  const eventId = `demo-release-${now.getTime()}`;
  const event = {
    specversion: '1.0',
    id: eventId,
    source: agencySource('county-jail'),
    type: 'custody.released',
    subject: demoSubject,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: {
      reason: 'bail',
      releasedAt: now.toISOString(),
      facility: 'Riverside County Jail',
      supervision: 'pretrial',
    },
  };
  print(`demo: county-jail publishes custody.released ${eventId}`);
  const outcome = await publishCaseEvent(deps.nc, deps.names, 'county-jail', JSON.stringify(event), {
    eventId,
  });
  const described = describeOutcome(outcome);
  print(`demo: hub answered: ${described.text}`);
  if (!described.ok) return false;

  const [message] = await waitForMessages(
    deps.mailDir,
    (m) => header(m, 'X-Switchboard-Event') === `county-jail/${eventId}`,
    { timeoutMs: 60_000 },
  );
  if (!message) {
    print('demo: no email arrived within 60 s; see var/log/worker.log');
    return false;
  }
  print(`demo: email delivered -> ${resolve(message.file)}`);
  print('----------------------------------------------------------------');
  print(`To: ${message.mail.to && 'text' in message.mail.to ? message.mail.to.text : ''}`);
  print(`Subject: ${message.mail.subject ?? ''}`);
  print('');
  print((message.mail.text ?? '').trim());
  print('----------------------------------------------------------------');
  if (outcome.kind === 'receipt' && outcome.receipt.outcome !== 'rejected') {
    print(
      `Temporal UI: ${deps.temporalUi}/namespaces/default/workflows/${encodeURIComponent(outcome.receipt.workflowId)}`,
    );
    print(
      `Find by search attribute: ${deps.temporalUi}/namespaces/default/workflows?query=${encodeURIComponent(`SubjectRef="${demoSubject}"`)}`,
    );
  }
  return true;
}
