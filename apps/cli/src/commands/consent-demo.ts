import { createHash } from 'node:crypto';
import { readSigningKey } from '@switchboard/agency-sdk';
import { type Db, findRegistrationOwner, verifyAuditChain } from '@switchboard/db';
import { signClientAssertion } from '@switchboard/event-signature';
import { header, waitForMessages } from '@switchboard/mailbox';
import { defaultKeyFile } from './publish';

const NOTICE =
  'Riverside Victim Services may see your name and how to reach you, to offer support, for 90 days.';

/**
 * Consent, end to end over the running API: the registrant lets the community advocate see their
 * name and contact channels, the advocate reads exactly that, the registrant revokes, and the very
 * next read is refused. Both reads are in the audit trail, whose chain is then verified.
 */
export async function runConsentDemo(
  deps: {
    db: Db;
    apiUrl: string;
    keysDir: string;
    mailDir: string;
    registrationId: string;
    caseRef: string;
    email: string;
  },
  print: (line: string) => void,
): Promise<boolean> {
  const registrantId = (await findRegistrationOwner(deps.db, deps.registrationId))!;
  const agencyId = 'riverside-victim-services';

  // Nobody may touch a registrant's consents but the registrant: first, as anyone else would be.
  const anonymous = await trpcCall(deps.apiUrl, 'consent.list', { registrantId }, undefined, 'GET');
  print(
    `demo: an anonymous caller asks for the registrant's consents -> ${anonymous.status} ${anonymous.error}`,
  );

  // The registrant signs in with a one-time code to their verified address.
  const asked = Date.now();
  await trpc(deps.apiUrl, 'session.requestSignInCode', { channel: 'email', address: deps.email });
  const [codeMail] = await waitForMessages(
    deps.mailDir,
    (m) =>
      header(m, 'X-Switchboard-Verification') !== undefined && (m.mail.date?.getTime() ?? 0) >= asked - 2000,
    { timeoutMs: 60_000 },
  );
  const code = /\b(\d{6})\b/.exec(codeMail?.mail.text ?? '')?.[1];
  if (!code) {
    print('demo: no sign-in code arrived within 60 s; see var/log/worker.log');
    return false;
  }
  const { token: session } = await trpc<{ token: string }>(deps.apiUrl, 'session.signInWithCode', {
    channel: 'email',
    address: deps.email,
    code,
    as: 'bearer',
  });
  print(`demo: the registrant signs in with the code emailed to them (${code}); a 15-minute idle session`);
  const grant = await trpc<{ consentId: string; token: string; expiresAt: string }>(
    deps.apiUrl,
    'consent.grant',
    {
      registrantId,
      recipientAgencyId: agencyId,
      purpose: 'victim_services',
      fields: ['name', 'contact_channels'],
      deniedFields: ['address'],
      caseRef: deps.caseRef,
      expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      regime: 'community_advocate',
      noticeHash: createHash('sha256').update(NOTICE).digest('hex'),
    },
    session,
  );
  print(`demo: the registrant lets ${agencyId} see name and contact channels until ${grant.expiresAt}`);
  print(
    `demo:   consent ${grant.consentId}; consent token (EdDSA, for ${agencyId} only) ${grant.token.slice(0, 24)}…`,
  );

  const key = await readSigningKey(defaultKeyFile(deps.keysDir, agencyId));
  const read = async () => {
    const assertion = await signClientAssertion({ agencyId, key, audience: deps.apiUrl });
    const response = await fetch(`${deps.apiUrl}/disclosures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${assertion}`, 'content-type': 'application/json' },
      body: JSON.stringify({ consentToken: grant.token }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const allowed = await read();
  print(
    `demo: ${agencyId} reads with its client assertion -> ${allowed.status} ${JSON.stringify(allowed.body.fields)}`,
  );
  await trpc(deps.apiUrl, 'consent.revoke', { consentId: grant.consentId }, session);
  const refused = await read();
  print(`demo: the registrant revokes; the next read -> ${refused.status} ${String(refused.body.error)}`);
  const chain = await verifyAuditChain(deps.db);
  print(
    chain.ok
      ? `demo: audit trail intact, ${chain.records} records (check any time: pnpm switchboard audit verify)`
      : `demo: audit trail BROKEN at record ${chain.brokenAt}`,
  );
  return allowed.status === 200 && refused.status === 403 && chain.ok;
}

/** A tRPC v11 call over plain HTTP: the answer is under result.data, a refusal under error. */
async function trpcCall<T>(
  apiUrl: string,
  path: string,
  input: unknown,
  session?: string,
  method: 'GET' | 'POST' = 'POST',
): Promise<{ status: number; data?: T; error?: string }> {
  const url =
    method === 'GET'
      ? `${apiUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
      : `${apiUrl}/trpc/${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(session ? { authorization: `Bearer ${session}` } : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
  });
  const answer = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  return { status: response.status, data: answer.result?.data, error: answer.error?.message };
}

async function trpc<T>(apiUrl: string, path: string, input: unknown, session?: string): Promise<T> {
  const answer = await trpcCall<T>(apiUrl, path, input, session);
  if (answer.data === undefined) throw new Error(`${path}: ${answer.error ?? answer.status}`);
  return answer.data;
}
