import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { addKey, onboardAgency, type RegistryDeps } from '@switchboard/agencies';
import { readSigningKey, writeSigningKey } from '@switchboard/agency-sdk';
import { type BusNames, type NatsConnection, publishCaseEvent } from '@switchboard/bus';
import { type Db, findActiveRegistrationIds, findAgency, listActiveAgencyKeys } from '@switchboard/db';
import { signEvent } from '@switchboard/event-signature';
import { agencySource } from '@switchboard/events';
import { signInThroughBrowser } from '@switchboard/identity-provider';
import { header, waitForMessages } from '@switchboard/mailbox';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import type { DataKeyring } from '@switchboard/sealing';
import { notificationWorkflowId } from '@switchboard/workflows/contract';
import { runConsentDemo } from './consent-demo';
import { defaultKeyFile, describeOutcome } from './publish';
import { demoStaffAccounts } from './staff';

export const demoSubject = 'SUBJ-2026-0042';
const demoEmail = 'alex.rivera@example.test';

/**
 * Two agencies with signing keys generated here (never committed), and one registered victim.
 * Safe to run again: a key whose file is gone is replaced, nothing is duplicated.
 */
export async function seedDemo(
  deps: RegistryDeps & { keysDir: string; keyring: DataKeyring },
): Promise<void> {
  for (const agency of demoAgencies) await ensureDemoAgency(deps, agency);
  if (
    (await findActiveRegistrationIds(deps.db, { agencyId: 'county-jail', subjectRef: demoSubject })).length >
    0
  )
    return;
  // Demo data only; a real registration comes from the victim, or an advocate with them.
  await enrolConfirmedInPerson(deps.db, deps.keyring, {
    agencyId: 'county-jail',
    subjectRef: demoSubject,
    displayName: 'Alex Rivera',
    email: demoEmail,
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

type DemoDeps = {
  db: Db;
  keyring: DataKeyring;
  nc: NatsConnection;
  names: BusNames;
  mailDir: string;
  temporalUi: string;
  keysDir: string;
  /** The running API, as agencies reach it (PUBLIC_URL). */
  apiUrl: string;
};

/**
 * Publishes a fresh release for the demo subject and shows the email; then an escape, whose email
 * asks for confirmation and repeats until it gets it.
 */
export async function runDemo(deps: DemoDeps, print: (line: string) => void): Promise<boolean> {
  await seedDemo({
    db: deps.db,
    keyring: deps.keyring,
    bus: { nc: deps.nc, names: deps.names },
    keysDir: deps.keysDir,
  });
  print(
    'demo: agencies county-jail (jail) and riverside-victim-services (community advocate); one registrant for subject SUBJ-2026-0042',
  );
  const now = new Date();
  const release = await publishAndShow(deps, print, 'custody.released', now, {
    reason: 'bail',
    releasedAt: now.toISOString(),
    facility: 'Riverside County Jail',
    supervision: 'pretrial',
  });
  if (!release) return false;
  print(
    `Temporal UI: ${deps.temporalUi}/namespaces/default/workflows/${encodeURIComponent(release.workflowId)}`,
  );
  print(
    `Find by search attribute: ${deps.temporalUi}/namespaces/default/workflows?query=${encodeURIComponent(`SubjectRef="${demoSubject}"`)}`,
  );

  const later = new Date(now.getTime() + 1000);
  const escaped = await publishAndShow(deps, print, 'custody.escaped', later, {
    escapedAt: later.toISOString(),
    facility: 'Riverside County Jail',
  });
  if (!escaped) return false;
  const [registrationId] = await findActiveRegistrationIds(deps.db, {
    agencyId: 'county-jail',
    subjectRef: demoSubject,
  });
  const notification = notificationWorkflowId({
    agencyId: 'county-jail',
    caseEventId: escaped.caseEventId,
    registrationId: registrationId!,
  });
  print('demo: urgent news is repeated every 30 minutes until the registrant confirms it: open the link');
  print('demo: in the email and press "I got this". A signed-in coordinator can follow and close it too.');
  if (!(await coordinatorLooks(deps, notification, print))) return false;
  print(`  pnpm switchboard notification status ${notification}`);
  print(`  pnpm switchboard notification confirm ${notification}`);
  print(
    `  Temporal UI: ${deps.temporalUi}/namespaces/default/workflows?query=${encodeURIComponent('Urgency="urgent" AND DeliveryState="awaiting-confirmation"')}`,
  );
  return runConsentDemo(
    { ...deps, registrationId: registrationId!, caseRef: demoSubject, email: demoEmail },
    print,
  );
}

/** Publishes one demo event, signed as county-jail, and prints the email it caused. */
async function publishAndShow(
  deps: DemoDeps,
  print: (line: string) => void,
  type: string,
  time: Date,
  data: Record<string, unknown>,
): Promise<{ workflowId: string; caseEventId: string } | undefined> {
  const eventId = `demo-${type.split('.')[1]}-${time.getTime()}`;
  const event = {
    specversion: '1.0',
    id: eventId,
    source: agencySource('county-jail'),
    type,
    subject: demoSubject,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
  print(`demo: county-jail publishes ${type} ${eventId}`);
  const body = JSON.stringify(event);
  const signature = await signEvent(body, await readSigningKey(defaultKeyFile(deps.keysDir, 'county-jail')));
  const outcome = await publishCaseEvent(deps.nc, deps.names, 'county-jail', body, { signature });
  const described = describeOutcome(outcome);
  print(`demo: hub answered: ${described.text}`);
  if (!described.ok || outcome.kind !== 'receipt' || outcome.receipt.outcome === 'rejected') return undefined;

  const [message] = await waitForMessages(
    deps.mailDir,
    (m) => header(m, 'X-Switchboard-Event') === `county-jail/${eventId}`,
    { timeoutMs: 60_000 },
  );
  if (!message) {
    print('demo: no email arrived within 60 s; see var/log/worker.log');
    return undefined;
  }
  print(`demo: email delivered -> ${resolve(message.file)}`);
  print('----------------------------------------------------------------');
  print(`To: ${message.mail.to && 'text' in message.mail.to ? message.mail.to.text : ''}`);
  print(`Subject: ${message.mail.subject ?? ''}`);
  print('');
  print((message.mail.text ?? '').trim());
  print('----------------------------------------------------------------');
  return { workflowId: outcome.receipt.workflowId, caseEventId: outcome.receipt.caseEventId };
}

/**
 * Nobody may look at a notification without signing in; the demo's coordinator signs in at the
 * demo's identity provider (password and authenticator code) and may.
 */
async function coordinatorLooks(
  deps: DemoDeps,
  workflowId: string,
  print: (line: string) => void,
): Promise<boolean> {
  const status = (cookie?: string) =>
    fetch(
      `${deps.apiUrl}/trpc/notification.status?input=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
      {
        headers: cookie ? { cookie: `sb_session=${cookie}` } : {},
      },
    ).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { result?: { data: { state: string } }; error?: { message: string } },
    }));
  const anonymous = await status();
  print(
    `demo: an anonymous caller asks where it stands -> ${anonymous.status} ${anonymous.body.error?.message}`,
  );
  const casey = (await demoStaffAccounts()).find((a) => a.username === 'casey')!;
  const signedIn = await signInThroughBrowser(deps.apiUrl, casey);
  if (!signedIn.session) {
    print(
      `demo: the coordinator could not sign in (${signedIn.status}); see var/log/api.log and identity.log`,
    );
    return false;
  }
  const seen = await status(signedIn.session);
  print(
    `demo: coordinator Casey Morgan signs in (password + authenticator code) and asks -> ${seen.status} ${seen.body.result?.data.state}`,
  );
  print(
    `demo: sign in yourself at ${deps.apiUrl}/sign-in as casey, password in var/secrets/staff-accounts.json,`,
  );
  print('demo: authenticator code from: pnpm switchboard staff code casey');
  return seen.status === 200;
}
