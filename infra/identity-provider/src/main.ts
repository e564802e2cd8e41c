import { readFileSync } from 'node:fs';
import { startIdentityProvider } from './identity-provider';
import { staffAccounts } from './staff-accounts';

/**
 * The demo's identity provider as a process of its own (infra/start.sh starts it): the accounts
 * file and the client's secret come from var/secrets, where the start command made them.
 */
const need = (name: string): string => {
  const value = process.env[name];
  if (!value) {
    console.error(`identity provider: ${name} is not set`);
    process.exit(2);
  }
  return value;
};

const provider = await startIdentityProvider({
  port: Number(process.env.IDP_PORT ?? 3001),
  accounts: staffAccounts.parse(JSON.parse(readFileSync(need('IDP_ACCOUNTS_FILE'), 'utf8'))),
  client: {
    id: need('OIDC_CLIENT_ID'),
    secret: need('OIDC_CLIENT_SECRET'),
    redirectUris: [`${need('PUBLIC_URL')}/sign-in/callback`],
  },
  cliClientId: process.env.OIDC_CLI_CLIENT_ID,
  cookieKey: need('OIDC_CLIENT_SECRET'),
});
console.log(JSON.stringify({ component: 'identity-provider', msg: 'listening', issuer: provider.issuer }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => provider.close().then(() => process.exit(0)));
}
