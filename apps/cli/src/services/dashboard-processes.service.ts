import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { rankfallHome } from '@rankfall/db';
import { DashboardError } from './dashboard-error';
import { findPortListener, type PortListener } from './port-listener';

/** One child process of the demo: a node script, the port it must own, and the stdout line that says it is ready. */
export interface ChildSpec {
  /** e.g. `API`, `dashboard`, `worker` (named in every message). */
  readonly name: string;
  /** Arguments to node (the entry point and its flags). */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The port the child listens on: checked free before spawning, and checked to be the child's once it is ready. */
  readonly port?: { readonly number: number; readonly host: string; readonly envVar?: string };
  /** The line on the child's stdout that says it is serving. */
  readonly ready: RegExp;
  /** Polled after the ready line; must answer with a status below 500. */
  readonly healthUrl?: string;
}

export interface ChildExit {
  readonly name: string;
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SupervisedChildren {
  readonly children: ReadonlyArray<{ readonly name: string; readonly pid: number }>;
  /** Resolves with the first child that exits while they should be running (the others are being stopped). */
  readonly exited: Promise<ChildExit>;
  /** SIGTERM to every child's process group, SIGKILL after the grace period; resolves when all are gone. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  out: (line: string) => void;
  /** How long each child has to print its ready line and answer its health check (default 90 s). */
  readyTimeoutMs?: number;
  /** How long `stop` waits after SIGTERM before SIGKILL (default 10 s). */
  stopGraceMs?: number;
  /** Install SIGINT/SIGTERM/SIGHUP handlers while children run (default true): see `superviseChildren`. */
  handleSignals?: boolean;
}

/** `API (pid 123) exited with code 1` / `… was killed by SIGKILL`. */
export function describeExit(exit: ChildExit): string {
  return `${exit.name} (pid ${exit.pid}) ${exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`}`;
}

/**
 * Preloaded into every child: when the demo's process disappears (even by SIGKILL) the child is re-parented,
 * notices within half a second and ends its own process group, so no child outlives the demo.
 */
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  [
    'const parent = process.ppid;',
    'const timer = setInterval(() => {',
    '  if (process.ppid === parent) return;',
    '  clearInterval(timer);',
    "  try { process.kill(-process.pid, 'SIGTERM'); } catch {}",
    "  setTimeout(() => { try { process.kill(-process.pid, 'SIGKILL'); } catch {} }, 5000).unref();",
    '}, 500);',
    'timer.unref();',
  ].join('\n'),
)}`;

function describeListener(listener: PortListener | null): string {
  if (!listener) return 'another process (could not tell which)';
  return `pid ${listener.pid}${listener.command ? ` (${listener.command})` : ''}`;
}

/** Fails at once, naming the holder, when a port is taken. */
export async function assertPortFree(spec: ChildSpec): Promise<void> {
  if (!spec.port) return;
  const { number, host, envVar } = spec.port;
  const problem = await new Promise<NodeJS.ErrnoException | null>((done) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => done(error));
    server.listen({ port: number, host, exclusive: true }, () => server.close(() => done(null)));
  });
  if (!problem) return;
  const hint = envVar ? `stop it or choose another port with ${envVar}` : 'stop it or choose another port';
  if (problem.code === 'EADDRINUSE') {
    throw new DashboardError('PORT_IN_USE', `port ${number} (${spec.name}) is taken by ${describeListener(await findPortListener(number))}: ${hint}`);
  }
  throw new DashboardError('PORT_IN_USE', `cannot listen on ${host}:${number} (${spec.name}): ${problem.code ?? problem.message}; ${hint}`);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

const delay = (ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref());

interface RunningChild {
  readonly spec: ChildSpec;
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exit: Promise<ChildExit>;
  exited: ChildExit | null;
  readonly tail: string[];
  readonly ready: Promise<void>;
}

function launch(spec: ChildSpec, out: (line: string) => void): RunningChild {
  // Its own process group (detached), so a signal to the demo's group never reaches it half-way and the
  // whole group (with anything it spawns) is stopped together.
  const child = spawn(process.execPath, ['--import', EXIT_WITH_PARENT, ...spec.args], { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new DashboardError('CHILD_FAILED', `${spec.name}: could not start ${process.execPath}`);
  const pid = child.pid;
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((done) => (markReady = done));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    remember(line);
    if (spec.ready.test(line)) markReady();
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    remember(line);
    out(`    [${spec.name}] ${line}`);
  });
  const running: RunningChild = {
    spec,
    process: child,
    pid,
    tail,
    ready,
    exited: null,
    exit: new Promise<ChildExit>((done) => {
      child.once('exit', (code, signal) => {
        running.exited = { name: spec.name, pid, code, signal };
        // Anything the child left in its group goes with it.
        killGroup(pid, 'SIGKILL');
        done(running.exited);
      });
    }),
  };
  return running;
}

function lastWords(child: RunningChild): string {
  const last = child.tail.filter((line) => line.trim() !== '').slice(-3).join(' / ');
  return last ? `; its last output: ${last.slice(0, 500)}` : '';
}

async function waitUntilReady(child: RunningChild, timeoutMs: number, aborted: Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { spec } = child;
  const failed = (exit: ChildExit) => new DashboardError('CHILD_FAILED', `${describeExit(exit)} before it was ready${lastWords(child)}`);
  const interrupted = (signal: string) => new DashboardError('INTERRUPTED', `${signal} while starting the ${spec.name}`);
  const outcome = await Promise.race([
    child.ready.then(() => 'ready' as const),
    child.exit,
    aborted.then((signal) => ({ signal: signal as NodeJS.Signals, interrupted: true as const })),
    delay(timeoutMs).then(() => 'timeout' as const),
  ]);
  if (outcome === 'timeout') throw new DashboardError('CHILD_NOT_READY', `${spec.name} (pid ${child.pid}) did not say it was ready within ${timeoutMs / 1000} s${lastWords(child)}`);
  if (typeof outcome === 'object' && 'interrupted' in outcome) throw interrupted(outcome.signal);
  if (outcome !== 'ready') throw failed(outcome);
  if (spec.healthUrl) {
    for (;;) {
      if (child.exited) throw failed(child.exited);
      try {
        const response = await fetch(spec.healthUrl, { signal: AbortSignal.timeout(2_000) });
        if (response.status < 500) break;
      } catch {
        // not answering yet
      }
      if (Date.now() > deadline) throw new DashboardError('CHILD_NOT_READY', `${spec.name} (pid ${child.pid}): ${spec.healthUrl} did not answer within ${timeoutMs / 1000} s${lastWords(child)}`);
      await delay(250);
    }
  }
  if (spec.port) {
    // The health check must have reached this child, not an older instance on the same port.
    const listener = await findPortListener(spec.port.number);
    if (listener && listener.pgid !== child.pid && listener.pid !== child.pid) {
      throw new DashboardError('CHILD_NOT_READY', `port ${spec.port.number} is answered by ${describeListener(listener)}, not by the ${spec.name} this command started (pid ${child.pid})`);
    }
  }
}

/**
 * Starts the children one after the other (each port checked free first, each child ready before the next),
 * then watches them: the first that exits on its own is reported on `exited` and the others are stopped.
 * While they run, SIGINT/SIGTERM/SIGHUP are handled here: during start-up one aborts it; later the caller's
 * own handler asks for `stop()`, and a second signal kills every child group at once (a third exits). The
 * children are killed when this process exits too, and each one ends itself if this process dies.
 */
export async function superviseChildren(specs: readonly ChildSpec[], options: SuperviseOptions): Promise<SupervisedChildren> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  for (const spec of specs) await assertPortFree(spec);

  const running: RunningChild[] = [];
  let state: 'starting' | 'running' | 'stopping' = 'starting';
  let signals = 0;
  let abortStart: (signal: string) => void = () => undefined;
  const aborted = new Promise<string>((done) => (abortStart = done));
  const killAll = (signal: NodeJS.Signals) => {
    for (const child of running) if (!child.exited) killGroup(child.pid, signal);
  };
  let lastSignalAt = Number.NEGATIVE_INFINITY;
  const onSignal = (signal: NodeJS.Signals) => {
    // One Ctrl-C under `npm run` arrives several times within milliseconds (process group, npm, tsx): count it once.
    const now = performance.now();
    const duplicate = now - lastSignalAt < 300;
    lastSignalAt = now;
    if (duplicate) return;
    signals += 1;
    if (state === 'starting') {
      abortStart(signal);
      return;
    }
    if (signals < 2) return;
    options.out(`${signal} again: killing ${running.filter((child) => !child.exited).map((child) => `${child.spec.name} (pid ${child.pid})`).join(', ') || 'nothing left'}`);
    killAll('SIGKILL');
    if (signals >= 3) process.exit(130);
  };
  const onExit = () => killAll('SIGKILL');
  const handleSignals = options.handleSignals ?? true;
  const signalNames: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  if (handleSignals) for (const name of signalNames) process.on(name, onSignal);
  process.on('exit', onExit);
  const release = () => {
    if (handleSignals) for (const name of signalNames) process.off(name, onSignal);
    process.off('exit', onExit);
  };

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      state = 'stopping';
      killAll('SIGTERM');
      const all = Promise.all(running.map((child) => child.exit));
      await Promise.race([all, delay(stopGraceMs)]);
      killAll('SIGKILL');
      await all;
      release();
    })();
    return stopping;
  };

  try {
    for (const spec of specs) {
      const child = launch(spec, options.out);
      running.push(child);
      await waitUntilReady(child, readyTimeoutMs, aborted);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  state = 'running';
  const exited = Promise.race(running.map((child) => child.exit)).then(async (exit) => {
    if (state === 'running') {
      options.out(`${describeExit(exit)}${lastWords(running.find((child) => child.pid === exit.pid)!)}; stopping the others`);
      await stop();
    }
    return exit;
  });
  return { children: running.map((child) => ({ name: child.spec.name, pid: child.pid })), exited, stop };
}

export type DemoStopReason = { kind: 'signal'; signal: string } | { kind: 'child-exit'; exit: ChildExit };

/**
 * What the demo waits for once everything is up: the user's Ctrl-C/SIGTERM, or a child that dies. A child
 * that dies is reported (which one, code or signal) and the others are already being stopped.
 */
export async function untilStoppedOrChildExit(children: Pick<SupervisedChildren, 'exited'>, untilStopped: Promise<string>): Promise<DemoStopReason> {
  return Promise.race([untilStopped.then((signal) => ({ kind: 'signal', signal }) as const), children.exited.then((exit) => ({ kind: 'child-exit', exit }) as const)]);
}

export interface DashboardProcesses extends SupervisedChildren {
  apiUrl: string;
  webUrl: string;
}

function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => done({ code, signal }));
  });
}

/** The node arguments, cwd and readiness of each demo child (exported for tests). */
export function dashboardChildSpecs(options: { databaseUrl: string; apiPort: number; webPort: number; home: string; env: NodeJS.ProcessEnv; web?: boolean; worker?: boolean }): ChildSpec[] {
  const { home } = options;
  const apiUrl = `http://127.0.0.1:${options.apiPort}/graphql`;
  const webUrl = `http://127.0.0.1:${options.webPort}`;
  const env = { ...options.env, NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: options.databaseUrl };
  const specs: ChildSpec[] = [
    {
      name: 'API',
      args: ['--import', 'tsx', resolve(home, 'apps/api/src/main.ts')],
      cwd: home,
      env: { ...env, RANKFALL_API_PORT: String(options.apiPort), RANKFALL_API_HOST: '127.0.0.1', RANKFALL_WEB_ORIGIN: webUrl },
      port: { number: options.apiPort, host: '127.0.0.1', envVar: 'RANKFALL_API_PORT' },
      ready: /^Rankfall API on /,
      healthUrl: `http://127.0.0.1:${options.apiPort}/healthz`,
    },
  ];
  if (options.worker !== false) {
    specs.push({ name: 'worker', args: ['--import', 'tsx', resolve(home, 'apps/worker/src/main.ts')], cwd: home, env, ready: /^Rankfall worker\b.* running\b/ });
  }
  if (options.web !== false) {
    const next = resolve(home, 'node_modules', 'next', 'dist', 'bin', 'next');
    specs.push({
      name: 'dashboard',
      args: [next, 'start', '--port', String(options.webPort), '--hostname', '127.0.0.1'],
      cwd: resolve(home, 'apps/web'),
      env: { ...env, RANKFALL_API_URL: apiUrl },
      port: { number: options.webPort, host: '127.0.0.1', envVar: 'RANKFALL_WEB_PORT' },
      ready: /\bReady in\b/,
      healthUrl: webUrl,
    });
  }
  return specs;
}

/**
 * Serves the API, the background worker and the dashboard for the demo: checks their ports are free,
 * builds the dashboard once (`next build`, when no build exists), then runs the three as supervised child
 * processes on the demo database (see `superviseChildren`).
 */
export async function startDashboard(options: {
  databaseUrl: string;
  apiPort: number;
  webPort: number;
  out: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Serve the dashboard (default true). */
  web?: boolean;
  /** Run a background worker child (default true; false when the caller already has one). */
  worker?: boolean;
  readyTimeoutMs?: number;
  stopGraceMs?: number;
}): Promise<DashboardProcesses> {
  const home = rankfallHome();
  const env = options.env ?? process.env;
  const specs = dashboardChildSpecs({ ...options, home, env });
  // Fail before the (slow) build when a port is taken.
  for (const spec of specs) await assertPortFree(spec);
  if (options.web !== false) {
    // The CLI never imports Next (module boundaries); it runs Next's own launcher as a child process.
    const next = resolve(home, 'node_modules', 'next', 'dist', 'bin', 'next');
    if (!existsSync(next)) throw new DashboardError('NOT_INSTALLED', `Next.js is not installed at ${next}: run npm install`);
    const webDir = resolve(home, 'apps/web');
    if (!existsSync(resolve(webDir, '.next', 'BUILD_ID'))) {
      options.out('    building the dashboard once (next build)…');
      const build = spawn(process.execPath, [next, 'build'], { cwd: webDir, env: { ...env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      const kill = () => build.kill('SIGKILL');
      process.once('exit', kill);
      let log = '';
      build.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      build.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const result = await waitForExit(build);
      process.off('exit', kill);
      if (result.code !== 0) throw new DashboardError('BUILD_FAILED', `next build ${result.signal ? `was killed by ${result.signal}` : `failed with code ${result.code}`}: ${log.trim().split('\n').slice(-5).join(' / ')}`);
    }
  }
  const children = await superviseChildren(specs, {
    out: options.out,
    ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
  });
  return { ...children, apiUrl: `http://127.0.0.1:${options.apiPort}/graphql`, webUrl: `http://127.0.0.1:${options.webPort}` };
}
