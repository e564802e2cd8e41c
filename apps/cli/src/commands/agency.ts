import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  addKey,
  agencyJwks,
  type IssuedKey,
  issueNatsUser,
  onboardAgency,
  publishingGuide,
  type RegistryDeps,
  revokeKey,
  setStatus,
} from '@switchboard/agencies';
import { writeSigningKey } from '@switchboard/agency-sdk';
import { agencyInboxPrefix, type BusNames } from '@switchboard/bus';
import { findAgency, listAgencies, listAgencyKeys } from '@switchboard/db';
import { defaultKeyFile, UsageError } from './publish';

export const agencyUsage = `switchboard agency <action>

  create <id> --name <name> --kind <kind> [--jurisdiction <text>] [--contact <text>] [--public-key <jwk file>]
                                 register an agency; without --public-key the hub generates its key pair
                                 and writes the private key to var/keys/<id>.private.jwk (or --key-out)
  key add <id> [--public-key <jwk file>]   add a signing key (rotation: old and new both work until revoked)
  key revoke <id> <kid>                    revoke a key; events signed with it are refused at once
  suspend <id> | activate <id>             stop or resume accepting the agency's events
  nats-user <id>                           a NATS NKey user for the agency (for a hub-run NATS server;
                                           see 'switchboard nats-config'); the seed goes to var/keys/<id>.nk
  list                                     agencies, their status and active keys
  jwks <id>                                the agency's active public keys as a JWKS`;

export interface AgencyCommandDeps extends RegistryDeps {
  names: BusNames;
  keysDir: string;
  apiUrl: string;
  print: (line: string) => void;
}

export async function runAgencyCommand(
  deps: AgencyCommandDeps,
  args: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<void> {
  const [action, ...rest] = args;
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const publicJwk = async () => {
    const file = text('public-key');
    return file ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>) : undefined;
  };

  switch (action) {
    case 'create': {
      const id = need(rest[0], 'agency create needs an id');
      const { agency, key } = await onboardAgency(deps, {
        id,
        name: need(text('name'), 'agency create needs --name'),
        kind: need(text('kind'), 'agency create needs --kind') as never,
        jurisdiction: text('jurisdiction'),
        contact: text('contact'),
        publicJwk: await publicJwk(),
      });
      const keyFile = await keepPrivateKey(deps, id, key, text('key-out'));
      deps.print(
        publishingGuide({
          agencyId: agency.id,
          kind: agency.kind,
          kid: key.kid,
          names: deps.names,
          apiUrl: deps.apiUrl,
          privateKeyFile: keyFile,
        }),
      );
      return;
    }
    case 'key': {
      const [verb, id, kid] = rest;
      if (verb === 'add') {
        const agencyId = need(id, 'agency key add needs an agency id');
        const key = await addKey(deps, agencyId, await publicJwk());
        const keyFile = await keepPrivateKey(deps, agencyId, key, text('key-out'));
        deps.print(
          `key ${key.kid} added to ${agencyId}${keyFile ? `; private key written to ${keyFile}` : ''}`,
        );
        deps.print('both the old and the new keys are accepted until you revoke the old one');
        return;
      }
      if (verb === 'revoke') {
        await revokeKey(
          deps,
          need(id, 'agency key revoke needs an agency id'),
          need(kid, 'agency key revoke needs a kid'),
        );
        deps.print(`key ${kid} of ${id} revoked; events signed with it are refused from now on`);
        return;
      }
      throw new UsageError(agencyUsage);
    }
    case 'suspend':
    case 'activate': {
      const id = need(rest[0], `agency ${action} needs an id`);
      await setStatus(deps, id, action === 'suspend' ? 'suspended' : 'active');
      deps.print(`agency ${id} is ${action === 'suspend' ? 'suspended' : 'active'}`);
      return;
    }
    case 'nats-user': {
      const id = need(rest[0], 'agency nats-user needs an id');
      const user = await issueNatsUser(deps, id);
      const file = text('key-out') ?? join(deps.keysDir, `${id}.nk`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${user.seed}\n`, { mode: 0o600 });
      deps.print(
        `NATS user ${user.publicKey} for ${id}; its seed is in ${file} (hand it to the agency, then delete it)`,
      );
      deps.print(
        `the agency connects with this seed and inbox prefix ${agencyInboxPrefix(id)}; regenerate the server config`,
      );
      return;
    }
    case 'list': {
      for (const agency of await listAgencies(deps.db)) {
        const keys = (await listAgencyKeys(deps.db, agency.id))
          .filter((k) => !k.revoked_at)
          .map((k) => k.kid);
        deps.print(
          `${agency.id.padEnd(28)} ${agency.kind.padEnd(20)} ${agency.status.padEnd(10)} keys: ${keys.join(', ') || 'none'}`,
        );
      }
      return;
    }
    case 'jwks': {
      const id = need(rest[0], 'agency jwks needs an id');
      if (!(await findAgency(deps.db, id))) throw new UsageError(`agency ${id} is not registered`);
      deps.print(JSON.stringify(await agencyJwks(deps.db, id), null, 2));
      return;
    }
    default:
      throw new UsageError(agencyUsage);
  }
}

async function keepPrivateKey(deps: AgencyCommandDeps, id: string, key: IssuedKey, keyOut?: string) {
  if (!key.privateJwk) return undefined;
  const file = keyOut ?? defaultKeyFile(deps.keysDir, id);
  await writeSigningKey(file, key.privateJwk);
  return file;
}

function need<T>(value: T | undefined, message: string): T {
  if (value === undefined || value === '') throw new UsageError(message);
  return value;
}
