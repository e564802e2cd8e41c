import { makeDemoAccounts } from './staff-accounts';

// Prints a fresh set of demo staff accounts (passwords and TOTP secrets) for var/secrets.
console.log(JSON.stringify(makeDemoAccounts(), null, 2));
