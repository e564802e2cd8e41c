import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listAuditRecords } from '@switchboard/db';
import {
  approveDeviceInBrowser,
  currentCode,
  makeDemoAccounts,
  type StaffAccount,
  signInThroughBrowser,
} from '@switchboard/identity-provider';
import { type RunningIdentityProvider, startIdentityProvider } from '@switchboard/identity-provider/provider';
import { StaffSignIn } from '@switchboard/staff-sign-in';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub } from './harness/hub';

/**
 * Coordinators sign in at a real OpenID provider (oidc-provider, with a TOTP second factor) the way
 * a browser does: redirects followed by hand, cookies kept per origin, the sign-in form posted.
 */
describe('staff sign-in through the organisation’s identity provider', () => {
  let hub: TestHub;
  let api: TestApi;
  let idp: RunningIdentityProvider;
  const accounts: StaffAccount[] = [
    ...makeDemoAccounts(),
    { ...makeDemoAccounts()[0]!, username: 'temp-worker', name: 'Temp Worker', roles: [] },
  ];
  const casey = accounts.find((a) => a.username === 'casey')!;

  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
    idp = await startIdentityProvider({
      port: 0,
      accounts,
      client: {
        id: 'switchboard',
        secret: 'a-test-client-secret',
        redirectUris: [`${api.baseUrl}/sign-in/callback`],
      },
      cookieKey: 'a-test-cookie-key',
      cliClientId: 'switchboard-cli',
    });
    api.ctx.staffSignIn = new StaffSignIn({
      issuer: idp.issuer,
      clientId: 'switchboard',
      clientSecret: 'a-test-client-secret',
      redirectUri: `${api.baseUrl}/sign-in/callback`,
      rolesClaim: 'switchboard_roles',
      requiredAmr: ['mfa'],
      cliClientId: 'switchboard-cli',
    });
  });
  afterAll(async () => {
    await idp?.close();
    await api?.close();
    await hub?.stop();
  });

  // The browser's part (redirects, cookies per host, the form) is the provider package's own.
  const signIn = (account: StaffAccount, code?: string) => signInThroughBrowser(api.baseUrl, account, code);

  it('signs a coordinator in with password and authenticator code, and acts as them', async () => {
    const result = await signIn(casey);
    expect(result.status).toBe(200);
    expect(result.text).toContain('Signed in as Casey Morgan (coordinator, supervisor)');
    expect(result.session).toMatch(/^sbs_/);
    const whoAmI = await fetch(`${api.baseUrl}/trpc/session.whoAmI`, {
      headers: { cookie: `sb_session=${result.session}` },
    });
    expect(((await whoAmI.json()) as { result: { data: unknown } }).result.data).toEqual({
      kind: 'staff',
      name: 'Casey Morgan',
      roles: ['coordinator', 'supervisor'],
    });
    const holds = await fetch(`${api.baseUrl}/trpc/feed.holds`, {
      headers: { cookie: `sb_session=${result.session}` },
    });
    expect(holds.status).toBe(200);
    const trail = await listAuditRecords(hub.db, { actor: 'coordinator+supervisor Casey Morgan (casey)' });
    expect(trail.map((r) => r.action)).toContain('staff.signIn');
  });

  it('refuses a wrong authenticator code at the provider, and an account with no Switchboard role at the hub', async () => {
    const wrong = await signIn(casey, currentCode(casey) === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('not right');
    expect(wrong.session).toBeUndefined();

    const temp = accounts.find((a) => a.username === 'temp-worker')!;
    const refused = await signIn(temp);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('your account holds no Switchboard role');
    expect(refused.session).toBeUndefined();
  });

  it('refuses a callback that this browser did not start (a forged or replayed redirect)', async () => {
    const response = await fetch(`${api.baseUrl}/sign-in/callback?code=stolen&state=guessed`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('this sign-in was not started here');
  });

  it('refuses a command line sign-in without a good ID token from the provider, and audits it', async () => {
    const post = (body: string) =>
      fetch(`${api.baseUrl}/sign-in/device`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    expect((await post('not json')).status).toBe(400);
    const forged = await post(JSON.stringify({ idToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJjYXNleSJ9.' }));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: string }).error).toContain('does not check out');
    const refusals = (await listAuditRecords(hub.db, { limit: 100_000 })).filter(
      (r) => r.action === 'staff.signIn' && r.outcome === 'refused',
    );
    expect(refusals.at(-1)?.reason).toMatch(/^command line: /);
    expect(await (await fetch(`${api.baseUrl}/sign-in/device`)).json()).toEqual({
      issuer: idp.issuer,
      clientId: 'switchboard-cli',
    });
  });

  it('signs the command line in with the device authorization grant, keeps the session in the user’s config folder, and acts through the hub', async () => {
    const config = await mkdtemp(join(tmpdir(), 'switchboard-cli-'));
    const root = fileURLToPath(new URL('..', import.meta.url));
    const env = { ...process.env, PUBLIC_URL: api.baseUrl, XDG_CONFIG_HOME: config };
    const cli = (...args: string[]) => {
      const child = spawn('node', ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], { cwd: root, env });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
      return { output: () => out, exited };
    };
    try {
      const signIn = cli('staff', 'sign-in');
      await expect
        .poll(() => /Open (\S+) and confirm the code (\S+)\./.exec(signIn.output()), { timeout: 30_000 })
        .toBeTruthy();
      const [, link] = /Open (\S+) and confirm the code (\S+)\./.exec(signIn.output())!;
      const approved = await approveDeviceInBrowser(link!, casey);
      expect(approved.text).toMatch(/Sign-in Success/);
      expect(await signIn.exited).toBe(0);
      expect(signIn.output()).toContain('Signed in to');
      expect(signIn.output()).toContain('as Casey Morgan (coordinator, supervisor)');

      const file = join(config, 'switchboard', 'session.json');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
        hub: api.baseUrl,
        token: expect.stringMatching(/^sbs_/),
      });

      const whoami = cli('staff', 'whoami');
      expect(await whoami.exited).toBe(0);
      expect(whoami.output()).toContain('Casey Morgan (coordinator, supervisor)');
      // A coordinator's action through the hub: refused with the hub's own words for a bad id.
      const stop = cli('notification', 'stop', 'notify:nope', '--reason', 'testing the command line');
      expect(await stop.exited).toBe(1);
      expect(stop.output()).toMatch(/not a notification workflow id/);
      // A person's decisions on feeds and subjects go the same way, audited under their name.
      const linked = cli(
        'subject',
        'link',
        'county-jail',
        'BK-1',
        'state-prison',
        'IN-1',
        '--reason',
        'same person: booking photo',
      );
      expect(await linked.exited).toBe(0);
      expect(linked.output()).toContain('county-jail BK-1 and state-prison IN-1 are one person');
      const trail = await listAuditRecords(hub.db, { actor: 'coordinator+supervisor Casey Morgan (casey)' });
      expect(trail.map((r) => r.action)).toContain('subject.link');
      const release = cli('hold', 'release', crypto.randomUUID(), '--reason', 'checked with the jail');
      expect(await release.exited).toBe(1);
      expect(release.output()).toContain('no open hold with that id');
      const unexplained = cli('notification', 'stop', 'notify:nope');
      expect(await unexplained.exited).not.toBe(0);
      expect(unexplained.output()).toContain('say why with --reason');

      const signOut = cli('staff', 'sign-out');
      expect(await signOut.exited).toBe(0);
      await expect(stat(file)).rejects.toThrow();
      const after = cli('staff', 'whoami');
      expect(await after.exited).not.toBe(0);
      expect(after.output()).toContain('not signed in');
    } finally {
      await rm(config, { recursive: true, force: true });
    }
  }, 60_000);
});
