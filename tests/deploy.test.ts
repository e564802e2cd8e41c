import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { busNames, createNatsUser, natsAuthorizationInclude } from '@switchboard/bus';
import { loadConfig } from '@switchboard/config';
import { newDataKey, newIndexKey } from '@switchboard/sealing';
import { allSearchAttributes } from '@switchboard/workflows/contract';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/** The kinds deploy/k8s uses, each with its OpenAPI schema (kubernetes-models). */
const models: Record<string, new (doc: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const deploy = (...path: string[]) => join(root, 'deploy', ...path);

/**
 * The production deployment in deploy/, read by the tools that would run it. No Docker engine and
 * no Kubernetes cluster exist on our machines, so nothing here starts a container: the compose file
 * is loaded by the Compose Specification's own loader, each Kubernetes document is decoded strictly
 * into its API type and validated against the OpenAPI schema, and the NATS cluster's configuration
 * is tested by nats-server itself.
 */
describe('the production deployment', () => {
  let dir: string;
  let check: string;
  const failing = async (args: string[]) => {
    const result = await run(check, args).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    );
    expect(result, `deploy-check ${args.join(' ')} should refuse`).toMatch(/invalid/);
    return result!;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-deploy-'));
    check = join(dir, 'deploy-check');
    await run('go', ['build', '-o', check, '.'], { cwd: join(root, 'infra', 'deploy-check') });
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has a compose file the Compose loader accepts, with the cluster and two of each hub process', async () => {
    const { stdout } = await run(check, [
      'compose',
      deploy('production.env.example'),
      deploy('compose.yaml'),
    ]);
    for (const line of [
      'nats-1 x1',
      'nats-2 x1',
      'nats-3 x1',
      'postgresql x1',
      'temporal x1',
      'temporal-schema x1',
      'temporal-ui x1',
      'switchboard-migrate x1',
      'switchboard-api x2',
      'switchboard-ingest x2',
      'switchboard-worker x2',
    ])
      expect(stdout).toContain(line);

    // The check can fail: a depends_on naming no service, and a key the specification does not have.
    const compose = await readFile(deploy('compose.yaml'), 'utf8');
    const broken = join(deploy(), `.compose-broken-${process.pid}.yaml`);
    try {
      await writeFile(
        broken,
        compose.replace('temporal-schema:\n        condition', 'temporal-schemas:\n        condition'),
      );
      expect(await failing(['compose', deploy('production.env.example'), broken])).toMatch(
        /temporal-schemas/,
      );
      await writeFile(
        broken,
        compose.replace(
          '    restart: unless-stopped\n    environment:\n      DB:',
          '    restart: unless-stopped\n    enviroment:\n      DB:',
        ),
      );
      expect(await failing(['compose', deploy('production.env.example'), broken])).toMatch(/enviroment/);
    } finally {
      await rm(broken, { force: true });
    }
  });

  it('creates the search attributes the workflows set, no more and no fewer', async () => {
    const compose = await readFile(deploy('compose.yaml'), 'utf8');
    const listed = /for name in ([\w ]+); do/.exec(compose)?.[1]?.split(' ').sort();
    expect(listed).toEqual(allSearchAttributes.map((key) => key.name).sort());
  });

  it('has Kubernetes manifests that decode strictly and match the API schema', async () => {
    const { stdout } = await run(check, ['k8s', deploy('k8s', 'switchboard.yaml')]);
    expect(stdout).toMatch(/valid: Deployment switchboard-api/);
    expect(stdout).toMatch(/valid: Job switchboard-migrate/);

    const documents = parseAllDocuments(await readFile(deploy('k8s', 'switchboard.yaml'), 'utf8'))
      .map((doc) => doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string } } | null)
      .filter((doc) => doc !== null);
    // Required fields, enums and formats, from the OpenAPI schema (kubernetes-models).
    for (const doc of documents) {
      const Model = models[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${doc.apiVersion} ${doc.kind} has a schema here`).toBeDefined();
      expect(() => new Model!(doc as never).validate(), `${doc.kind} ${doc.metadata.name}`).not.toThrow();
    }
    const deployments = documents.filter((doc) => doc.kind === 'Deployment') as unknown as {
      metadata: { name: string };
      spec: {
        replicas: number;
        template: { spec: { containers: { startupProbe?: object; livenessProbe?: object }[] } };
      };
    }[];
    expect(deployments.map((d) => [d.metadata.name, d.spec.replicas])).toEqual([
      ['switchboard-api', 2],
      ['switchboard-ingest', 2],
      ['switchboard-worker', 2],
    ]);
    for (const d of deployments) expect(d.spec.template.spec.containers[0]?.livenessProbe).toBeDefined();

    // The hub reads the ConfigMap's settings as they are (with keys from the Secret beside them).
    const settings = documents.find((doc) => doc.kind === 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    const config = loadConfig({ ...settings.data, DATA_KEYS: newDataKey(), DATA_INDEX_KEY: newIndexKey() });
    expect(config.NATS_STREAM_REPLICAS).toBe(3);
    expect(config.temporal).toMatchObject({
      address: 'temporal-frontend.temporal.svc:7233',
      namespace: 'switchboard',
    });

    // The check can fail: a misspelt field, a string where a number goes.
    const manifests = await readFile(deploy('k8s', 'switchboard.yaml'), 'utf8');
    const broken = join(dir, 'broken.yaml');
    await writeFile(
      broken,
      manifests.replace('terminationGracePeriodSeconds: 60', 'terminationGraceSeconds: 60'),
    );
    expect(await failing(['k8s', broken])).toMatch(/terminationGraceSeconds/);
    await writeFile(broken, manifests.replace('replicas: 2', 'replicas: two'));
    expect(await failing(['k8s', broken])).toMatch(/replicas/);
  });

  it('has a NATS node configuration that nats-server accepts, with the users the hub writes', async () => {
    // Certificates for the test only, at the paths the configuration names.
    const tls = join(dir, 'tls');
    await run('mkdir', ['-p', tls]);
    await run('openssl', [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
      ...[
        '-subj',
        '/CN=switchboard-test-ca',
        '-keyout',
        join(tls, 'ca-key.pem'),
        '-out',
        join(tls, 'ca.pem'),
      ],
    ]);
    await copyFile(join(tls, 'ca.pem'), join(tls, 'server.pem'));
    await copyFile(join(tls, 'ca-key.pem'), join(tls, 'server-key.pem'));
    const conf = (await readFile(deploy('nats', 'nats.conf'), 'utf8'))
      .replaceAll('/etc/nats/tls', tls)
      .replaceAll('/data/jetstream', join(dir, 'jetstream'));
    await writeFile(join(dir, 'nats.conf'), conf);
    await writeFile(
      join(dir, 'authorization.conf'),
      natsAuthorizationInclude({
        names: busNames('sb'),
        hubUser: createNatsUser().publicKey,
        agencies: [{ id: 'county-jail', natsUser: createNatsUser().publicKey }],
      }),
    );
    const env = { ...process.env, SERVER_NAME: 'nats-1' };
    const nats = process.env.NATS_SERVER_BIN ?? 'nats-server';
    await run(nats, ['-t', '-c', join(dir, 'nats.conf')], { env });
    // And it refuses what is wrong: a user list that does not parse.
    await writeFile(join(dir, 'authorization.conf'), 'authorization: { users: [ { nkey: } ] }\n');
    await expect(run(nats, ['-t', '-c', join(dir, 'nats.conf')], { env })).rejects.toThrow();
  });
});
