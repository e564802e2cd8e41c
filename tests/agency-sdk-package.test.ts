import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeSigningKey } from '@switchboard/agency-sdk';
import { findCaseEvent } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const sdk = join(root, 'packages', 'agency-sdk');

/**
 * The SDK as a court's developer gets it: built to JavaScript with its types, packed with
 * `pnpm pack`, installed from the tarball with npm into an empty project outside the monorepo, and
 * used there with plain `node` to publish an event to a running hub; its types checked by `tsc`
 * alone; the standalone signer run from its bin.
 */
describe('@switchboard/agency-sdk outside the monorepo', () => {
  let hub: TestHub;
  let api: TestApi;
  let project: string;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
    api = await startApi(hub);
    project = await mkdtemp(join(tmpdir(), 'court-system-'));
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('builds, packs, installs with npm, and publishes an event with plain node', {
    timeout: 240_000,
  }, async () => {
    await run('node', ['build.mjs'], { cwd: sdk });
    await run('pnpm', ['pack', '--pack-destination', project], { cwd: sdk });
    const tarball = (await readdir(project)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'court-system', private: true, type: 'module' }),
    );
    await run('npm', ['install', '--no-audit', '--no-fund', '--silent', `./${tarball}`], { cwd: project });
    const installed = JSON.parse(
      await readFile(join(project, 'node_modules', '@switchboard', 'agency-sdk', 'package.json'), 'utf8'),
    );
    // pnpm pack wrote real versions and the built entry points: nothing that only a workspace resolves.
    expect(JSON.stringify(installed)).not.toMatch(/workspace:|catalog:|src\/index\.ts/);
    expect(installed.exports['.'].default).toBe('./dist/index.js');

    await writeSigningKey(
      join(project, 'riverside-court.private.jwk'),
      hub.keys.get('riverside-court')!.privateJwk,
    );
    const subject = `CR-${uniqueSubject()}`;
    await writeFile(
      join(project, 'publish.mjs'),
      `import { createAgencyClient, readSigningKey } from '@switchboard/agency-sdk';
const court = createAgencyClient({ agencyId: 'riverside-court', key: await readSigningKey('riverside-court.private.jwk') });
const event = court.build('court.hearing_scheduled', {
  subject: ${JSON.stringify(subject)},
  data: { hearingId: ${JSON.stringify(`${subject}-1`)}, hearingType: 'arraignment', scheduledFor: '2027-03-01T09:00:00-08:00', court: 'Riverside Superior Court' },
});
const { status, receipt } = await court.publishOverHttp(process.argv[2], event);
console.log(JSON.stringify({ status, receipt }));
`,
    );
    const published = JSON.parse((await run('node', ['publish.mjs', api.baseUrl], { cwd: project })).stdout);
    expect(published).toMatchObject({ status: 202, receipt: { outcome: 'accepted' } });
    expect(await findCaseEvent(hub.db, 'riverside-court', published.receipt.eventId)).toMatchObject({
      type: 'court.hearing_scheduled',
      subject_ref: subject,
    });

    // The types stand alone: a wrong field is a compile error in the court's own project.
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['check.ts'],
      }),
    );
    const check = (data: string) =>
      writeFile(
        join(project, 'check.ts'),
        `import { createAgencyClient, type SigningKey } from '@switchboard/agency-sdk';
declare const key: SigningKey;
createAgencyClient({ agencyId: 'riverside-court', key }).build('custody.escaped', { subject: 'BK-1', data: ${data} });
`,
      );
    const tsc = () => run('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project]);
    await check(`{ escapedAt: '2027-01-01T00:00:00Z', facility: 'North Facility' }`);
    await tsc();
    await check(`{ escapedAt: '2027-01-01T00:00:00Z', facilty: 'North Facility' }`);
    await expect(tsc()).rejects.toMatchObject({ stdout: expect.stringContaining('facilty') });

    // The standalone signer: its signature is one the hub accepts for these exact bytes.
    const body = JSON.stringify({
      specversion: '1.0',
      id: `evt-${uniqueSubject()}`,
      source: '/agencies/riverside-court',
      type: 'court.hearing_cancelled',
      subject,
      time: new Date().toISOString(),
      data: { hearingId: `${subject}-1`, previouslyScheduledFor: '2027-03-01T09:00:00-08:00' },
    });
    await writeFile(join(project, 'event.json'), body);
    const signature = (
      await run(
        join(project, 'node_modules', '.bin', 'switchboard-sign'),
        ['event.json', '--key', 'riverside-court.private.jwk'],
        {
          cwd: project,
        },
      )
    ).stdout.trim();
    const response = await fetch(`${api.baseUrl}/agencies/riverside-court/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', 'Switchboard-Signature': signature },
      body,
    });
    expect(await response.json()).toMatchObject({ outcome: 'accepted' });
  });
});
