import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';

/**
 * The demo's staff, as an organisation's identity provider would hold them: a password and a TOTP
 * authenticator each (the second factor the hub insists on), and the Switchboard roles they hold.
 * Made at the demo's first start into var/secrets; never committed.
 */
export const staffAccount = z.object({
  username: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/),
  name: z.string().min(1),
  roles: z.array(z.enum(['coordinator', 'supervisor', 'admin', 'advocate'])),
  /** Work address, verified by the organisation: how the hub knows which advocate this is. */
  email: z.email().optional(),
  password: z.string().min(12),
  /** Base32, as an authenticator app is given it. */
  totpSecret: z.string().regex(/^[A-Z2-7]+=*$/),
});
export type StaffAccount = z.infer<typeof staffAccount>;
export const staffAccounts = z.array(staffAccount).min(1);

export function makeDemoAccounts(): StaffAccount[] {
  const account = (username: string, name: string, roles: StaffAccount['roles'], email?: string) => ({
    username,
    name,
    roles,
    ...(email && { email }),
    password: randomBytes(12).toString('base64url'),
    totpSecret: new Secret({ size: 20 }).base32,
  });
  return [
    account('casey', 'Casey Morgan', ['coordinator', 'supervisor']),
    account('jordan', 'Jordan Lee', ['coordinator']),
    account('avery', 'Avery Quinn', ['admin']),
    account('riley', 'Riley Okafor', ['advocate'], 'riley.okafor@harbourhouse.example'),
  ];
}

function totpOf(account: StaffAccount): TOTP {
  return new TOTP({
    issuer: 'Switchboard demo',
    label: account.username,
    secret: Secret.fromBase32(account.totpSecret),
  });
}

/** What the account's authenticator app shows now. */
export function currentCode(account: StaffAccount): string {
  return totpOf(account).generate();
}

/** A code from now or the 30 seconds either side, as authenticator apps drift. */
export function codeIsValid(account: StaffAccount, code: string): boolean {
  return /^\d{6}$/.test(code) && totpOf(account).validate({ token: code, window: 1 }) !== null;
}
