import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentCode, type StaffAccount, staffAccounts } from '@switchboard/identity-provider';
import { UsageError } from './publish';

/** The demo's staff accounts, made by infra/start.sh into var/secrets. */
export async function demoStaffAccounts(): Promise<StaffAccount[]> {
  const file = join(process.env.SWITCHBOARD_SECRETS_DIR ?? 'var/secrets', 'staff-accounts.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`${file} is missing: the demo's staff accounts are made by bash infra/start.sh`);
  });
  return staffAccounts.parse(JSON.parse(text));
}

/** `staff code <username>`: what the demo account's authenticator app would show now. */
export async function runStaffCommand(args: string[], print: (line: string) => void): Promise<number> {
  const [action, username] = args;
  if (action !== 'code' || !username) throw new UsageError('switchboard staff code <username>');
  const account = (await demoStaffAccounts()).find((a) => a.username === username);
  if (!account) throw new UsageError(`no demo staff account "${username}"`);
  print(currentCode(account));
  return 0;
}
