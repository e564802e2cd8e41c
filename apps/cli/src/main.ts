import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readSigningKey } from '@switchboard/agency-sdk';
import { busNames, connectHubBus, ensureTopology, type NatsConnection } from '@switchboard/bus';
import { loadConfig } from '@switchboard/config';
import { createDb, type Db, ensureDatabase, migrateToLatest } from '@switchboard/db';
import { signEvent } from '@switchboard/event-signature';
import { eventReferenceMarkdown } from '@switchboard/events';
import { sealedDataConverter } from '@switchboard/sealed-payloads';
import { newDataKey, newIndexKey, parseDataKeys } from '@switchboard/sealing';
import { connectTemporal } from '@switchboard/temporal';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import { agencyUsage, runAgencyCommand } from './commands/agency';
import { auditUsage, keysUsage, runAuditCommand, runKeysCommand } from './commands/audit-and-keys';
import { runDemo } from './commands/demo';
import { feedsUsage, runFeedsCommand, SnapshotRefused } from './commands/feeds';
import { writeNatsConfig } from './commands/nats-config';
import { niemUsage, runNiemCommand } from './commands/niem';
import { notificationUsage, parseNotificationCommand, runNotificationCommand } from './commands/notification';
import { defaultKeyFile, describeOutcome, publishFile, sourceAgency, UsageError } from './commands/publish';
import { runStaffCommand } from './commands/staff';

const usage = `switchboard <command>

  publish <file> [--agency <id>] [--key <private jwk>]
                                   sign a CloudEvent file with the agency's key, publish it, print the receipt
  niem publish <file> --agency <id> [--message-type Booking|Release]
                                   sign a NIEM exchange (XML, or its JSON envelope), publish it, print the receipt
  niem profile <file.json> --agency <id>
                                   the agency's facility, time zone and hearing codes for its NIEM messages
  sign <file> [--key <private jwk>] print the Switchboard-Signature for a CloudEvent file (for curl)
  event-reference [--out <file>]   every event type's fields and an example (docs/events.md is made by this)
  agency <action> ...              onboard agencies and manage their keys (switchboard agency --help)
  notification <action> <workflow id> [--reason <why>]
                                   coordinators, signed in: status, confirm (by phone), resend or stop a notification
  audit verify                     check the audit trail's hash chain; names the first broken record
  keys <action>                    data keys for personal data at rest, resealing, the consent-signing key
                                   (switchboard keys --help)
  migrate                          create the database if missing and run migrations
  topology                         create or update the NATS streams and consumers
  nats-config [--out <file>] [--port <n>] [--authorization-only]
                                   a nats-server config with one NKey user per agency, confined to its subjects
                                   (--authorization-only: just the users, for deploy/nats/nats.conf to include)
  staff sign-in | whoami | sign-out
                                   staff: sign in at your identity provider (a link and a code), as gh does
  staff code <username>            the demo's staff: the code their authenticator app would show now
  snapshot | hold | feed | subject trustworthy feeds: roster and calendar imports, burst holds, feed
                                   health, one person across agencies (switchboard snapshot --help)
  demo                             seed the demo agencies and registrant, publish a release and an escape,
                                   show the emails; grant, read and revoke a consent over the API

Configuration comes from the environment (see README).`;

/**
 * The settings `infra/start.sh` generated for this checkout (var/secrets, never committed) when the
 * environment names none: the README's commands then work in a second terminal beside the demo,
 * against the demo's own database. A file that is there but empty never stands in for a value.
 */
function useDemoSettings(): void {
  const dir = process.env.SWITCHBOARD_SECRETS_DIR ?? 'var/secrets';
  for (const [name, file] of [
    ['DATA_KEYS', 'data-keys'],
    ['DATA_INDEX_KEY', 'index-key'],
    ['DATABASE_URL', 'database-url'],
  ] as const) {
    const path = join(dir, file);
    if (process.env[name] || !existsSync(path)) continue;
    const value = readFileSync(path, 'utf8').trim();
    if (!value)
      throw new UsageError(
        `${path} is empty, so it holds no ${name}; delete it and run bash infra/start.sh, which makes a new one`,
      );
    process.env[name] = value;
  }
}

/** One line rewritten in place on a terminal; a line a second into a log. */
function progressLine() {
  let last = 0;
  return (line: string, final?: boolean) => {
    if (process.stderr.isTTY) {
      process.stderr.write(final ? '\r\x1b[K' : `\r\x1b[K${line}`);
    } else if (line && Date.now() - last >= 1000) {
      last = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      agency: { type: 'string' },
      key: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      jurisdiction: { type: 'string' },
      contact: { type: 'string' },
      'public-key': { type: 'string' },
      'key-out': { type: 'string' },
      out: { type: 'string' },
      port: { type: 'string' },
      'authorization-only': { type: 'boolean' },
      feed: { type: 'string' },
      'message-type': { type: 'string' },
      'taken-at': { type: 'string' },
      deletions: { type: 'string' },
      reason: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (command === 'agency' && values.help) {
    console.log(agencyUsage);
    return 0;
  }
  if (['snapshot', 'hold', 'feed', 'subject'].includes(command ?? '') && values.help) {
    console.log(feedsUsage);
    return 0;
  }
  if (command === 'niem' && values.help) {
    console.log(niemUsage);
    return 0;
  }
  if (command === 'notification' && values.help) {
    console.log(notificationUsage);
    return 0;
  }
  if ((command === 'audit' || command === 'keys') && values.help) {
    console.log(command === 'audit' ? auditUsage : keysUsage);
    return 0;
  }
  if (!command || values.help) {
    console.log(usage);
    return command || values.help ? 0 : 2;
  }
  // Making a key needs no configuration: it is how a configuration is made in the first place.
  if (command === 'keys' && (rest[0] === 'new-data-key' || rest[0] === 'new-index-key')) {
    console.log(rest[0] === 'new-data-key' ? newDataKey() : newIndexKey());
    return 0;
  }
  // The event reference is made from the catalogue alone: no hub needed.
  if (command === 'event-reference') {
    const text = eventReferenceMarkdown();
    if (values.out) {
      await writeFile(values.out, text);
      console.log(`wrote ${values.out}`);
    } else process.stdout.write(text);
    return 0;
  }
  if (command === 'staff') return runStaffCommand(rest, (line) => console.log(line));
  // Through the hub as the signed-in coordinator: no database, Temporal or keys needed here.
  if (command === 'notification')
    return runNotificationCommand(parseNotificationCommand(rest, values.reason), (line) => console.log(line));
  useDemoSettings();
  const config = loadConfig();
  const names = busNames(config.NATS_PREFIX);
  const keysDir = process.env.SWITCHBOARD_KEYS_DIR ?? 'var/keys';

  // Each command opens what it needs and always closes it; drain flushes any notice it published.
  const withDb = async <T>(use: (db: Db) => Promise<T>): Promise<T> => {
    const db = createDb(config.DATABASE_URL);
    try {
      return await use(db);
    } finally {
      await db.destroy();
    }
  };
  const withBus = async <T>(name: string, use: (nc: NatsConnection) => Promise<T>): Promise<T> => {
    const nc = await connectHubBus(config, name);
    try {
      return await use(nc);
    } finally {
      await nc.drain();
    }
  };

  switch (command) {
    case 'snapshot':
    case 'hold':
    case 'feed':
    case 'subject':
      return withDb(async (db) => {
        try {
          return await runFeedsCommand(
            {
              db,
              print: (line) => console.log(line),
              progress: progressLine(),
              watch: async () => {
                const connection = await connectTemporal(config.temporal);
                const keyring = parseDataKeys(config.DATA_KEYS, config.DATA_INDEX_KEY);
                return {
                  db,
                  temporal: new Client({
                    connection,
                    namespace: config.temporal.namespace,
                    dataConverter: sealedDataConverter(keyring),
                  }),
                  taskQueue: config.TEMPORAL_TASK_QUEUE,
                  recheckSeconds: config.FEED_RECHECK_SECONDS,
                  close: () => connection.close(),
                };
              },
            },
            command,
            rest,
            values,
          );
        } catch (error) {
          if (error instanceof SnapshotRefused) throw new UsageError(error.message);
          throw error;
        }
      });
    case 'migrate': {
      await ensureDatabase(config.DATABASE_URL);
      const applied = await withDb(migrateToLatest);
      console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'topology':
      await withBus('switchboard-cli', (nc) =>
        ensureTopology(nc, names, { replicas: config.NATS_STREAM_REPLICAS }),
      );
      console.log(
        `streams ${names.caseEventStream}, ${names.receiptStream} and consumer ${names.ingestConsumer} are ready`,
      );
      return 0;
    case 'publish': {
      const file = rest[0];
      if (!file) throw new UsageError('publish needs a file: switchboard publish <file>');
      const outcome = await withBus('switchboard-cli', (nc) =>
        publishFile({ nc, names, keysDir }, file, { agency: values.agency, key: values.key }),
      );
      const described = describeOutcome(outcome);
      console.log(described.text);
      return described.ok ? 0 : 1;
    }
    case 'niem': {
      const outcome = await runNiemCommand(
        {
          keysDir,
          nc: async () => {
            const nc = await connectHubBus(config, 'switchboard-cli');
            return { nc, names, close: () => nc.drain() };
          },
        },
        rest,
        values,
        (line) => console.log(line),
      );
      if (!outcome) return 0;
      const described = describeOutcome(outcome);
      console.log(described.text);
      return described.ok ? 0 : 1;
    }
    case 'demo': {
      const ok = await withDb((db) =>
        withBus('switchboard-demo', (nc) =>
          runDemo(
            {
              db,
              keyring: parseDataKeys(config.DATA_KEYS, config.DATA_INDEX_KEY),
              nc,
              names,
              keysDir,
              mailDir: process.env.MAILBOX_DIR ?? 'var/mail',
              temporalUi: process.env.TEMPORAL_UI ?? 'http://localhost:8233',
              apiUrl: config.PUBLIC_URL,
            },
            (line) => console.log(line),
          ),
        ),
      );
      return ok ? 0 : 1;
    }
    case 'sign': {
      const file = rest[0];
      if (!file) throw new UsageError('sign needs a file: switchboard sign <file> --key <private jwk>');
      const payload = await readFile(file, 'utf8');
      const agency = values.agency ?? sourceAgency(payload);
      const keyFile = values.key ?? (agency ? defaultKeyFile(keysDir, agency) : undefined);
      if (!keyFile)
        throw new UsageError(
          'give --key <private JWK file> (or --agency <id> to use var/keys/<id>.private.jwk)',
        );
      console.log(await signEvent(payload, await readSigningKey(keyFile)));
      return 0;
    }
    case 'nats-config': {
      const lines = await withDb((db) =>
        writeNatsConfig(
          { db, names, keysDir, hubSeedFile: config.NATS_NKEY_SEED_FILE },
          {
            out: values.out ?? 'var/nats/nats.conf',
            port: Number(values.port ?? 4223),
            authorizationOnly: values['authorization-only'] === true,
          },
        ),
      );
      for (const line of lines) console.log(line);
      return 0;
    }
    case 'agency':
      await withDb((db) =>
        withBus('switchboard-cli', (nc) =>
          runAgencyCommand(
            {
              db,
              bus: { nc, names },
              names,
              keysDir,
              apiUrl: `http://${config.API_HOST}:${config.API_PORT}`,
              print: (line) => console.log(line),
            },
            rest,
            values,
          ),
        ),
      );
      return 0;
    case 'audit':
      return withDb((db) => runAuditCommand(db, rest, (line) => console.log(line)));
    case 'keys':
      return withDb((db) =>
        runKeysCommand(
          async () => db,
          config,
          rest,
          (line) => console.log(line),
        ),
      );
    default:
      throw new UsageError(`unknown command "${command}"\n\n${usage}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error.name === 'ZodError') {
      console.error(`switchboard: invalid input\n${z.prettifyError(error as z.ZodError)}`);
      process.exit(2);
    }
    const known =
      error instanceof UsageError || error.name === 'RegistryError' || error.name === 'SealingError';
    console.error(`switchboard: ${known ? error.message : error.stack}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
