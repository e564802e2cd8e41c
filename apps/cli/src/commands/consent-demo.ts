import { createHash } from 'node:crypto';
import { readSigningKey } from '@switchboard/agency-sdk';
import { type Db, verifyAuditChain } from '@switchboard/db';
import { signClientAssertion } from '@switchboard/event-signature';
import { defaultKeyFile } from './publish';

const NOTICE =
  'Riverside Victim Services may see your name and how to reach you, to offer support, for 90 days.';

/**
 * Consent, end to end over the running API: the registrant lets the community advocate see their
 * name and contact channels, the advocate reads exactly that, the registrant revokes, and the very
 * next read is refused. Both reads are in the audit trail, whose chain is then verified.
 */
export async function runConsentDemo(
  deps: { db: Db; apiUrl: string; keysDir: string; registrationId: string; caseRef: string },
  print: (line: string) => void,
): Promise<boolean> {
  const { registrant_id: registrantId } = await deps.db
    .selectFrom('registration')
    .select('registrant_id')
    .where('id', '=', deps.registrationId)
    .executeTakeFirstOrThrow();
  const agencyId = 'riverside-victim-services';
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
  await trpc(deps.apiUrl, 'consent.revoke', { consentId: grant.consentId });
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

/** A tRPC v11 mutation over plain HTTP: the input is the JSON body, the answer is under result.data. */
async function trpc<T>(apiUrl: string, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${apiUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const answer = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!answer.result) throw new Error(`${path}: ${answer.error?.message ?? response.status}`);
  return answer.result.data;
}
