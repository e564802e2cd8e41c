// Builds the SDK for use outside the monorepo: one ES module with the hub's own event, signature
// and bus code bundled in (they are not published), its types in one declaration file, and the
// standalone signer. jose, zod and the NATS client stay dependencies.
import { rm, writeFile } from 'node:fs/promises';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';

const dependencies = ['jose', 'zod', '@nats-io/jetstream', '@nats-io/transport-node'];
await rm('dist', { recursive: true, force: true });
for (const [entry, out] of [
  ['src/index.ts', 'dist/index.js'],
  ['src/sign-cli.ts', 'dist/sign.js'],
]) {
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: dependencies,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
const [types] = generateDtsBundle([{ filePath: 'src/index.ts', output: { noBanner: true } }], {
  preferredConfigPath: 'tsconfig.build.json',
});
await writeFile('dist/index.d.ts', types);
console.log('built dist/index.js, dist/index.d.ts, dist/sign.js');
