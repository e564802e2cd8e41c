import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentCode, type StaffAccount, staffAccounts } from '@switchboard/identity-provider';
import { callHub, loadSession, signInFromCommandLine, signOutFromCommandLine } from './hub-session';
import { UsageError } from './publish';

/** The demo's staff accounts, made by infra/start.sh into var/secrets. */
export async function demoStaffAccounts(): Promise<StaffAccount[]> {
  const file = join(process.env.SWITCHBOARD_SECRETS_DIR ?? 'var/secrets', 'staff-accounts.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`${file} is missing: the demo's staff accounts are made by bash infra/start.sh`);
  });
  return staffAccounts.parse(JSON.parse(text));
}

export const staffUsage = `switchboard staff sign-in | whoami | sign-out | code <username>

  sign-in            sign in at your organisation's identity provider (a link and a code to confirm)
  whoami             who the hub takes you for
  sign-out           end the session and forget it here
  code <username>    the demo's staff: what their authenticator app would show now`;

/** Staff at the command line: sign in and out, and the demo's authenticator codes. */
export async function runStaffCommand(args: string[], print: (line: string) => void): Promise<number> {
  const [action, username] = args;
  if (action === 'sign-in' && !username) {
    await signInFromCommandLine(print);
    return 0;
  }
  if (action === 'sign-out' && !username) {
    await signOutFromCommandLine(print);
    return 0;
  }
  if (action === 'whoami' && !username) {
    const me = (await callHub('session.whoAmI', 'query')) as {
      kind: string;
      name?: string;
      roles?: string[];
    };
    print(
      me.kind === 'staff' ? `${me.name} (${me.roles?.join(', ')}) at ${(await loadSession()).hub}` : me.kind,
    );
    return 0;
  }
  if (action !== 'code' || !username) throw new UsageError(staffUsage);
  const account = (await demoStaffAccounts()).find((a) => a.username === username);
  if (!account) throw new UsageError(`no demo staff account "${username}"`);
  print(currentCode(account));
  return 0;
}
