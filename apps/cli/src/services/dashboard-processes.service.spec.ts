import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FAKE_CHILD } from '../testing/fake-child';
import { dashboardChildSpecs, superviseChildren, type ChildSpec } from './dashboard-processes.service';
import { findPortListener } from './port-listener';

const fixture = resolve(import.meta.dirname, '../testing/supervise-children.fixture.ts');
const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-processes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Harness {
  process: ChildProcess;
  lines: string[];
  children: Array<{ name: string; pid: number }>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

const harnesses: Harness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) {
    harness.process.kill('SIGKILL');
    for (const child of harness.children) if (alive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  }
});

/** Runs the fixture (a stand-in for `rankfall demo`) with fake children; resolves once it printed READY or exited. */
async function startHarness(children: Array<{ name: string; port?: number; env?: Record<string, string> }>, env: Record<string, string> = {}): Promise<Harness> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, JSON.stringify(children)], { cwd: resolve(import.meta.dirname, '../../../..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  const onLine = (line: string) => {
    lines.push(line);
    for (const wake of waiters.splice(0)) wake();
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let exited = false;
  void exit.then(() => {
    exited = true;
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find((line) => pattern.test(line));
      if (found) return found;
      if (exited || Date.now() > deadline) throw new Error(`no line matching ${pattern} (exited: ${exited}); output:\n${lines.join('\n')}`);
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 200);
      });
    }
  };
  const harness: Harness = { process: child, lines, children: [], exit, waitFor };
  harnesses.push(harness);
  const first = await Promise.race([waitFor(/^READY /), waitFor(/^rankfall: /)]);
  if (first.startsWith('READY ')) harness.children.push(...(JSON.parse(first.slice(6)) as Array<{ name: string; pid: number }>));
  return harness;
}

async function threeChildren(): Promise<Array<{ name: string; port?: number }>> {
  return [
    { name: 'API', port: await freePort() },
    { name: 'worker' },
    { name: 'dashboard', port: await freePort() },
  ];
}

describe('superviseChildren (in this process)', () => {
  it('refuses a taken port at once, naming the port and the process that holds it, and starts nothing', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((done) => holder.listen(port, '127.0.0.1', done));
    const marker = join(work, 'started');
    const specs: ChildSpec[] = [{ name: 'API', args: ['-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')`], cwd: work, env: process.env, ready: /never/, port: { number: port, host: '127.0.0.1', envVar: 'RANKFALL_API_PORT' } }];
    try {
      const failure = superviseChildren(specs, { out: () => undefined, handleSignals: false });
      await expect(failure).rejects.toMatchObject({ code: 'PORT_IN_USE' });
      await expect(failure).rejects.toThrow(new RegExp(`^port ${port} \\(API\\) is taken by pid ${process.pid} \\(.*node.*\\): stop it or choose another port with RANKFALL_API_PORT$`));
      expect(existsSync(marker)).toBe(false);
    } finally {
      await new Promise<void>((done) => holder.close(() => done()));
    }
  });

  it('does not take a health check answered by another process for its own child', async () => {
    const port = await freePort();
    const specs: ChildSpec[] = [
      // Says it is ready after 1.5 s but never listens; meanwhile someone else takes its port.
      { name: 'API', args: ['-e', "setTimeout(() => console.log('fake ready'), 1500); setInterval(() => undefined, 1000)"], cwd: work, env: process.env, ready: /^fake ready/, port: { number: port, host: '127.0.0.1' }, healthUrl: `http://127.0.0.1:${port}/` },
    ];
    const sockets = new Set<import('node:net').Socket>();
    const impostor = createServer((socket) => {
      sockets.add(socket);
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
    });
    const failure = superviseChildren(specs, { out: () => undefined, handleSignals: false, readyTimeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    await new Promise<void>((done) => impostor.listen(port, '127.0.0.1', done));
    try {
      await expect(failure).rejects.toMatchObject({ code: 'CHILD_NOT_READY' });
      await expect(failure).rejects.toThrow(new RegExp(`^port ${port} is answered by pid ${process.pid} .*not by the API this command started \\(pid \\d+\\)$`));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => impostor.close(() => done()));
    }
  });

  it('reports a child that dies before it is ready with its exit code and last output', async () => {
    const specs: ChildSpec[] = [{ name: 'worker', args: ['-e', "console.error('cannot reach the database'); process.exit(3)"], cwd: work, env: process.env, ready: /^ready/ }];
    await expect(superviseChildren(specs, { out: () => undefined, handleSignals: false })).rejects.toThrow(/^worker \(pid \d+\) exited with code 3 before it was ready; its last output: cannot reach the database$/);
  });

  it('finds the process listening on a port', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    try {
      expect(await findPortListener(port)).toMatchObject({ pid: process.pid, pgid: expect.any(Number) });
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
    expect(await findPortListener(port)).toBeNull();
  });
});

describe('the demo’s children, as real processes', () => {
  it.each([
    [0, 'SIGKILL', /^API \(pid \d+\) was killed by SIGKILL.*; stopping the others$/],
    [1, 'SIGTERM', /^worker \(pid \d+\) was killed by SIGTERM.*; stopping the others$/],
    [2, 'SIGUSR2', /^dashboard \(pid \d+\) exited with code 7.*; stopping the others$/],
  ] as const)('notices at once when child %i gets %s, names it, stops the others and exits non-zero', async (index, signal, message) => {
    const children = await threeChildren();
    const harness = await startHarness(children);
    expect(harness.children.map((c) => c.name)).toEqual(['API', 'worker', 'dashboard']);
    const started = Date.now();
    process.kill(harness.children[index]!.pid, signal);
    expect(await harness.exit).toEqual({ code: 1, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(harness.lines.some((line) => message.test(line))).toBe(true);
    for (const child of harness.children) expect(alive(child.pid)).toBe(false);
    for (const child of children) if (child.port) expect(await portIsFree(child.port)).toBe(true);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops every child on %s to the parent (children that die by the signal included): ports free, no pid alive', async (signal) => {
    const children = await threeChildren();
    const harness = await startHarness(children);
    process.kill(harness.process.pid!, signal);
    expect(await harness.exit).toEqual({ code: 0, signal: null });
    expect(harness.lines).toContain('Stopped.');
    for (const child of harness.children) expect(alive(child.pid)).toBe(false);
    for (const child of children) if (child.port) expect(await portIsFree(child.port)).toBe(true);
  });

  it('one Ctrl-C delivered three times at once (terminal group, npm, tsx) is one stop: children get SIGTERM, not SIGKILL', async () => {
    const children = await threeChildren();
    const harness = await startHarness(children);
    for (let i = 0; i < 3; i += 1) process.kill(harness.process.pid!, 'SIGINT');
    expect(await harness.exit).toEqual({ code: 0, signal: null });
    expect(harness.lines.some((line) => /again: killing/.test(line))).toBe(false);
    expect(harness.lines).toContain('Stopped.');
    for (const child of harness.children) expect(alive(child.pid)).toBe(false);
  });

  it('a second Ctrl-C kills children that ignore SIGTERM at once', async () => {
    const children = (await threeChildren()).map((child) => ({ ...child, env: { FAKE_IGNORE_TERM: '1' } }));
    const harness = await startHarness(children, { FIXTURE_STOP_GRACE_MS: '60000' });
    process.kill(harness.process.pid!, 'SIGINT');
    const first = Date.now();
    await harness.waitFor(/^Received SIGINT: stopping/);
    await harness.waitFor(/ignoring SIGTERM/);
    // A second press, not the forwarded copy of the first (copies within 300 ms count once).
    await new Promise((r) => setTimeout(r, Math.max(0, 400 - (Date.now() - first))));
    const started = Date.now();
    process.kill(harness.process.pid!, 'SIGINT');
    expect(await harness.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(harness.lines.some((line) => /^SIGINT again: killing API \(pid \d+\), worker \(pid \d+\), dashboard \(pid \d+\)$/.test(line))).toBe(true);
    for (const child of harness.children) expect(alive(child.pid)).toBe(false);
  });

  it('children do not outlive a parent killed with SIGKILL', async () => {
    const children = await threeChildren();
    const harness = await startHarness(children);
    process.kill(harness.process.pid!, 'SIGKILL');
    await harness.exit;
    await eventually(() => harness.children.every((child) => !alive(child.pid)));
    for (const child of children) if (child.port) await eventually(() => portIsFree(child.port!));
  });

  it('a second instance refuses the ports the first holds, naming the holder, and exits non-zero without starting anything', async () => {
    const children = await threeChildren();
    const first = await startHarness(children);
    const second = await startHarness(children);
    expect(await second.exit).toEqual({ code: 1, signal: null });
    expect(second.children).toEqual([]);
    expect(second.lines.some((line) => line.startsWith('READY'))).toBe(false);
    const api = first.children.find((child) => child.name === 'API')!;
    expect(second.lines.at(-1)).toMatch(new RegExp(`^rankfall: port ${children[0]!.port} \\(API\\) is taken by pid ${api.pid} \\(.*node.*\\): stop it or choose another port with FAKE_API_PORT \\[PORT_IN_USE\\]$`));
    expect(first.children.every((child) => alive(child.pid))).toBe(true);
    process.kill(first.process.pid!, 'SIGTERM');
    expect((await first.exit).code).toBe(0);
  });
});

describe('dashboardChildSpecs', () => {
  it('runs the API, the background worker and the dashboard, each with its ready line and port', () => {
    const specs = dashboardChildSpecs({ databaseUrl: 'postgresql://x@127.0.0.1/db', apiPort: 4100, webPort: 3100, home: '/repo', env: {} });
    expect(specs.map((spec) => [spec.name, spec.port?.number ?? null, spec.args.at(-1)])).toEqual([
      ['API', 4100, '/repo/apps/api/src/main.ts'],
      ['worker', null, '/repo/apps/worker/src/main.ts'],
      ['dashboard', 3100, '127.0.0.1'],
    ]);
    expect(specs[1]!.args).toEqual(['--import', 'tsx', '/repo/apps/worker/src/main.ts']);
    expect(specs.every((spec) => spec.env['DATABASE_URL'] === 'postgresql://x@127.0.0.1/db')).toBe(true);
    expect(specs[0]!.ready.test('Rankfall API on http://127.0.0.1:4100/graphql (database: x)')).toBe(true);
    expect(specs[1]!.ready.test('Rankfall worker w-1 running (1 job(s) at a time, backend wasm, 2 cores; database: x)')).toBe(true);
    expect(specs[2]!.ready.test(' ✓ Ready in 412ms')).toBe(true);
  });
});

// Keep the fake child's source in one place (the fixture and the in-process specs use the same switches).
expect(FAKE_CHILD).toContain('FAKE_IGNORE_TERM');
