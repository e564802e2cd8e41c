import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { addKey, onboardAgency, type RegistryDeps } from '@switchboard/agencies';
import { readSigningKey, writeSigningKey } from '@switchboard/agency-sdk';
import { type BusNames, type NatsConnection, publishCaseEvent } from '@switchboard/bus';
import { type Db, findActiveRegistrationIds, findAgency, listActiveAgencyKeys } from '@switchboard/db';
import { signEvent } from '@switchboard/event-signature';
import { agencySource } from '@switchboard/events';
import { header, waitForMessages } from '@switchboard/mailbox';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import { defaultKeyFile, describeOutcome } from './publish';

export const demoSubject = 'SUBJ-2026-0042';

/**
 * Two agencies with signing keys generated here (never committed), and one registered victim.
 * Safe to run again: a key whose file is gone is replaced, nothing is duplicated.
 */
export async function seedDemo(deps: RegistryDeps & { keysDir: string }): Promise<void> {
  for (const agency of demoAgencies) await ensureDemoAgency(deps, agency);
  if ((await findActiveRegistrationIds(deps.db, demoSubject)).length > 0) return;
  // Demo data only; a real registration comes from the victim, or an advocate with them.
  await enrolConfirmedInPerson(deps.db, {
    subjectRef: demoSubject,
    displayName: 'Alex Rivera',
    email: 'alex.rivera@example.test',
  });
}

const demoAgencies = [
  { id: 'county-jail', name: 'Riverside County Jail', kind: 'jail' },
  { id: 'riverside-victim-services', name: 'Riverside Victim Services', kind: 'community_advocate' },
] as const;

async function ensureDemoAgency(
  deps: RegistryDeps & { keysDir: string },
  agency: (typeof demoAgencies)[number],
): Promise<void> {
  const file = defaultKeyFile(deps.keysDir, agency.id);
  const held = existsSync(file) ? await readSigningKey(file) : undefined;
  if (!(await findAgency(deps.db, agency.id))) {
    const { key } = await onboardAgency(deps, agency);
    await writeSigningKey(file, key.privateJwk!);
    return;
  }
  const active = (await listActiveAgencyKeys(deps.db, agency.id)).map((k) => k.kid);
  if (held && active.includes(held.kid)) return;
  const key = await addKey(deps, agency.id);
  await writeSigningKey(file, key.privateJwk!);
}

/** Publishes a fresh release for the demo subject and waits for the email in the mail folder. */
export async function runDemo(
  deps: { db: Db; nc: NatsConnection; names: BusNames; mailDir: string; temporalUi: string; keysDir: string },
  print: (line: string) => void,
): Promise<boolean> {
  await seedDemo({ db: deps.db, bus: { nc: deps.nc, names: deps.names }, keysDir: deps.keysDir });
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
  const body = JSON.stringify(event);
  const signature = await signEvent(body, await readSigningKey(defaultKeyFile(deps.keysDir, 'county-jail')));
  const outcome = await publishCaseEvent(deps.nc, deps.names, 'county-jail', body, { signature });
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
