import { declaredProcedures } from '@switchboard/api';
import { type Caller, type Policy, satisfies } from '@switchboard/callers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub } from './harness/hub';

/**
 * The authorization matrix over real HTTP: every procedure, called as every kind of caller. The
 * input is deliberately empty, so a caller the policy admits gets past the door and is stopped by
 * input validation (nothing changes), and a caller it does not admit is refused at the door.
 */
describe('every procedure, as every kind of caller', () => {
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

  const callers: { name: string; as: Caller; header: () => Promise<string | undefined> }[] = [];
  const staff = (role: 'coordinator' | 'supervisor' | 'admin' | 'advocate'): Caller => ({
    kind: 'staff',
    subject: role,
    name: role,
    roles: [role],
    sessionId: '',
  });

  beforeAll(async () => {
    const session = (kind: 'staff' | 'registrant', subject: string, roles?: string[], email?: string) =>
      api.session(kind, subject, roles, email).then((token) => async () => `Bearer ${token}`);
    const { signClientAssertion } = await import('@switchboard/agency-sdk');
    callers.push(
      { name: 'nobody', as: { kind: 'anonymous' }, header: async () => undefined },
      {
        name: 'a registrant',
        as: { kind: 'registrant', registrantId: '', sessionId: '' },
        header: await session('registrant', crypto.randomUUID()),
      },
      {
        name: 'an agency',
        as: { kind: 'agency', agencyId: 'county-jail', assertionId: '' },
        header: async () =>
          `Bearer ${await signClientAssertion({ agencyId: 'county-jail', key: hub.keys.get('county-jail')!, audience: api.baseUrl })}`,
      },
      {
        name: 'a coordinator',
        as: staff('coordinator'),
        header: await session('staff', 'c', ['coordinator']),
      },
      { name: 'a supervisor', as: staff('supervisor'), header: await session('staff', 's', ['supervisor']) },
      { name: 'an administrator', as: staff('admin'), header: await session('staff', 'a', ['admin']) },
      {
        // Named on no registration: past the door of advocate-of procedures, then refused by the record check.
        name: 'an advocate',
        as: staff('advocate'),
        header: await session('staff', 'v', ['advocate'], 'unnamed.advocate@example.test'),
      },
      {
        name: 'an expired or forged session',
        as: { kind: 'refused', reason: '' },
        header: async () => 'Bearer sbs_forged-session-token',
      },
    );
  });

  // Signing out would end the callers' sessions mid-matrix; it has its own test.
  const entries = Object.entries(declaredProcedures()).filter(([path]) => path !== 'session.signOut');

  it.each(entries)('%s', async (path, { type, policies: allowed }) => {
    // Queries by GET, mutations by POST, as the tRPC client sends them.
    const mutation = type === 'mutation';
    for (const caller of callers) {
      const authorization = await caller.header();
      const response = await fetch(
        mutation ? `${api.baseUrl}/trpc/${path}` : `${api.baseUrl}/trpc/${path}?input=%22%22`,
        {
          method: mutation ? 'POST' : 'GET',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          ...(mutation ? { body: '""' } : {}),
        },
      );
      const admitted = allowed.some((policy: Policy) => satisfies(caller.as, policy));
      const refused = response.status === 401 || response.status === 403;
      expect(refused, `${path} as ${caller.name}: ${response.status} ${await response.text()}`).toBe(
        !admitted,
      );
    }
  });
});
