#!/usr/bin/env node
/**
 * `switchboard-sign <file> --key <private JWK>`: prints the Switchboard-Signature for a file's exact
 * bytes, for curl or any system that can set a header. Nothing else from the SDK is needed.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { signEvent } from '@switchboard/event-signature';
import { readSigningKey } from './signing-key-file';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
const [file] = positionals;
if (values.help || !file || !values.key) {
  console.error(
    'usage: switchboard-sign <file> --key <private JWK file>\nprints the Switchboard-Signature header value',
  );
  process.exit(values.help ? 0 : 2);
}
try {
  console.log(await signEvent(await readFile(file), await readSigningKey(values.key)));
} catch (error) {
  console.error(`switchboard-sign: ${(error as Error).message}`);
  process.exit(1);
}
