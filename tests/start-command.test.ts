import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { busNames, connectBus, deleteTopology } from '@switchboard/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, portInUse } from './harness/ports';

// The README's start command, run as a newcomer runs it: from a fresh copy of this checkout (no
// var/, no node_modules), in a terminal, then again warm, then broken on purpose. Its own ports, NATS
// prefix and database, so a demo running on this machine is neither used nor disturbed.

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const minutes = (n: number) => n * 60_000;

interface StartRun {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | string>;
  waitFor(text: string, ms: number): Promise<void>;
}

function startCommand(cwd: string, env: NodeJS.ProcessEnv, terminal: boolean): StartRun {
  // `script` gives the command a pseudo-terminal: Ctrl-C typed into it reaches the foreground
  // process group as SIGINT, exactly as at a keyboard. `exec`, because script runs the command
  // through $SHELL, and where that is dash (CI's SHELL is unset), dash would die of the Ctrl-C
  // itself and report 130 while the start command went on stopping cleanly.
  const child = terminal
    ? spawn('script', ['-qefc', 'exec bash infra/start.sh', '/dev/null'], { cwd, env, stdio: 'pipe' })
    : spawn('bash', ['infra/start.sh'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  let exit: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = code ?? signal ?? 'unknown';
      resolve(exit);
    }),
  );
  return {
    child,
    output: () => output,
    exited,
    async waitFor(text, ms) {
      const deadline = Date.now() + ms;
      while (!output.includes(text)) {
        const tail = output.split('\n').slice(-25).join('\n');
        if (exit !== undefined)
          throw new Error(`the start command exited (${exit}) before "${text}":\n${tail}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" within ${ms / 1000} s:\n${tail}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
  };
}

/** The pids of what the start command has running, by name, from var/run. */
function runningPids(clone: string): Map<string, number> {
  const dir = join(clone, 'var/run');
  const pids = new Map<string, number>();
  if (!existsSync(dir)) return pids;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.pid')))
    pids.set(file.slice(0, -4), Number(readFileSync(join(dir, file), 'utf8')));
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the start command', () => {
  const clone = join(tmpdir(), `switchboard-start-${process.pid}-${Date.now()}`);
  const natsPrefix = `st${Date.now().toString(36)}`.slice(0, 16);
  let ports: {
    API_PORT: number;
    SMTP_PORT: number;
    TEMPORAL_PORT: number;
    TEMPORAL_UI_PORT: number;
    IDP_PORT: number;
    API_METRICS_PORT: number;
    INGEST_METRICS_PORT: number;
    WORKER_METRICS_PORT: number;
  };
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // What a clone of this checkout would hold, uncommitted edits included: tracked and unignored files.
    const { stdout } = await run('git', ['ls-files', '-z', '-co', '--exclude-standard'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const file of stdout.split('\0').filter(Boolean)) {
      if (!existsSync(join(root, file))) continue;
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(root, file), join(clone, file));
    }
    ports = {
      API_PORT: await freePort(),
      SMTP_PORT: await freePort(),
      TEMPORAL_PORT: await freePort(),
      TEMPORAL_UI_PORT: await freePort(),
      IDP_PORT: await freePort(),
      API_METRICS_PORT: await freePort(),
      INGEST_METRICS_PORT: await freePort(),
      WORKER_METRICS_PORT: await freePort(),
    };
    // A newcomer's environment: nothing of the hub's configuration, only where things listen.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) =>
          !/^(DATABASE_URL|DATA_KEYS|DATA_INDEX_KEY|NATS_|TEMPORAL_(?!BIN)|API_|SMTP_|IDP_|OIDC_|PUBLIC_URL|MAILBOX_DIR|SWITCHBOARD_(?!CACHE)|VITEST|NODE_OPTIONS|METRICS_|INGEST_|WORKER_)/.test(
            name,
          ),
      ),
    );
    env = {
      ...inherited,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      NATS_PREFIX: natsPrefix,
    };
  }, minutes(2));

  afterAll(async () => {
    await run('bash', ['infra/down.sh'], { cwd: clone, env }).catch(() => undefined);
    const urlFile = join(clone, 'var/secrets/database-url');
    if (existsSync(urlFile)) {
      const name = new URL(readFileSync(urlFile, 'utf8').trim()).pathname.slice(1);
      await run('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', name]);
    }
    const nc = await connectBus('nats://127.0.0.1:4222', 'start-command-test');
    await deleteTopology(nc, busNames(natsPrefix));
    await nc.close();
    rmSync(clone, { recursive: true, force: true });
  }, minutes(2));

  async function expectAllStopped(pids: Map<string, number>) {
    expect([...pids.keys()].sort()).toEqual(['api', 'identity', 'ingest', 'mailbox', 'temporal', 'worker']);
    for (const [name, pid] of pids) expect(alive(pid), `${name} (pid ${pid}) still running`).toBe(false);
    for (const [name, port] of Object.entries(ports))
      expect(await portInUse(port), `${name} ${port} still taken`).toBe(false);
    expect(runningPids(clone).size).toBe(0);
  }

  it(
    'from a fresh clone in a terminal: shows the demo email, and Ctrl-C stops everything it started',
    async () => {
      expect(existsSync(join(clone, 'var'))).toBe(false);
      const start = startCommand(clone, env, true);
      await start.waitFor('Press Ctrl-C to stop it.', minutes(12));
      expect(start.output()).toContain('demo: county-jail publishes custody.released');
      expect(start.output()).toContain(`Victims' portal http://localhost:${ports.API_PORT}/`);
      // Each hub process answers Prometheus on its own port.
      for (const port of [ports.API_METRICS_PORT, ports.INGEST_METRICS_PORT, ports.WORKER_METRICS_PORT]) {
        const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(scraped.status).toBe(200);
        expect(await scraped.text()).toContain('switchboard_');
      }
      expect(await (await fetch(`http://127.0.0.1:${ports.INGEST_METRICS_PORT}/metrics`)).text()).toMatch(
        /switchboard_case_events_total\{[^}]*agency="county-jail"[^}]*outcome="accepted"/,
      );
      // The portal the start command prints is served, by the API it started.
      const portal = await fetch(`http://127.0.0.1:${ports.API_PORT}/`);
      expect(portal.status).toBe(200);
      expect(await portal.text()).toMatch(/<script type="module" src="\/portal\/[\w-]+\.js">/);
      const delivered = [...start.output().matchAll(/demo: email delivered -> (\S+\.eml)/g)].map(
        (m) => m[1]!,
      );
      expect(delivered).toHaveLength(2); // the release, then the escape
      for (const file of delivered) {
        expect(file.startsWith(join(clone, 'var/mail'))).toBe(true);
        expect(readFileSync(file, 'utf8')).toMatch(/^X-Switchboard-Event: county-jail\/demo-/m);
      }
      // Its own database, named after the checkout, which the CLI in another terminal finds too.
      expect(readFileSync(join(clone, 'var/secrets/database-url'), 'utf8')).toMatch(
        /\/switchboard_demo_[0-9a-f]{12}\n$/,
      );

      const pids = runningPids(clone);
      start.child.stdin?.write('\x03');
      expect(await start.exited, start.output().split('\n').slice(-15).join('\n')).toBe(0);
      expect(start.output()).toMatch(/stopping: api ingest worker identity mailbox temporal/);
      await expectAllStopped(pids);
    },
    minutes(14),
  );

  it(
    'warm, as a background job with no terminal: up again within a minute, and SIGTERM stops it cleanly',
    async () => {
      const began = Date.now();
      const start = startCommand(clone, env, false);
      await start.waitFor('Press Ctrl-C to stop it.', minutes(1.5));
      console.log(`warm start: demo shown after ${((Date.now() - began) / 1000).toFixed(1)} s`);
      expect(start.output()).not.toContain('generated');
      expect(start.output()).not.toContain('\x1b['); // plain lines for a journal
      expect(start.output().match(/demo: email delivered ->/g)).toHaveLength(2);
      const pids = runningPids(clone);
      start.child.kill('SIGTERM');
      expect(await start.exited, start.output().split('\n').slice(-15).join('\n')).toBe(0);
      await expectAllStopped(pids);
    },
    minutes(3),
  );

  it(
    'a failed step stops the run at once, names the step and its log, and stops what it had started; empty key files are made again',
    async () => {
      // What an interrupted first start used to leave: empty key files beside the demo's database.
      rmSync(join(clone, 'var'), { recursive: true, force: true });
      mkdirSync(join(clone, 'var/secrets'), { recursive: true });
      writeFileSync(join(clone, 'var/secrets/data-keys'), '');
      writeFileSync(join(clone, 'var/secrets/index-key'), '');
      // And something else already holds the API's port.
      const squatter: Server = createServer();
      await new Promise<void>((resolve) => squatter.listen(ports.API_PORT, '127.0.0.1', resolve));
      try {
        const start = startCommand(clone, env, false);
        const status = await Promise.race([
          start.exited,
          new Promise((resolve) => setTimeout(() => resolve('still running'), minutes(3))),
        ]);
        const output = start.output();
        expect(status, output).toBe(1);
        expect(output).toContain('generated var/secrets/data-keys'.replace('var', join(clone, 'var')));
        expect(output).toMatch(
          /demo database switchboard_demo_[0-9a-f]{12} holds data sealed under keys that are gone/,
        );
        expect(output).not.toContain('ConfigError');
        expect(output).toContain("start failed while starting the hub's processes (exit 1)");
        expect(output).toContain(`something else already listens on 127.0.0.1:${ports.API_PORT}`);
        expect(output).toContain('stopping: identity mailbox temporal');
        expect(readFileSync(join(clone, 'var/secrets/data-keys'), 'utf8')).toMatch(/^[\w-]+:[\w-]{43}\n$/);
        expect(runningPids(clone).size).toBe(0);
        for (const name of ['SMTP_PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'IDP_PORT'] as const)
          expect(await portInUse(ports[name]), `${name} still taken`).toBe(false);
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    },
    minutes(4),
  );
});
