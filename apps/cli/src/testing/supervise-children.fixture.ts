/**
 * A stand-in for `rankfall demo` in the process-handling tests: supervises fake children (node -e scripts)
 * exactly as the demo supervises the API, worker and dashboard, and waits the way the demo waits.
 * argv[2]: JSON array of { name, port?, env? }.
 */
import { FAKE_CHILD } from './fake-child';
import { superviseChildren, untilStoppedOrChildExit, type ChildSpec } from '../services/dashboard-processes.service';


const out = (line: string) => process.stdout.write(`${line}\n`);
const input = JSON.parse(process.argv[2] ?? '[]') as Array<{ name: string; port?: number; env?: Record<string, string> }>;
const specs: ChildSpec[] = input.map((child) => ({
  name: child.name,
  args: ['-e', FAKE_CHILD],
  cwd: process.cwd(),
  env: { ...process.env, ...child.env, FAKE_PORT: String(child.port ?? '') },
  ready: /^fake ready/,
  ...(child.port ? { port: { number: child.port, host: '127.0.0.1', envVar: `FAKE_${child.name.toUpperCase()}_PORT` }, healthUrl: `http://127.0.0.1:${child.port}/` } : {}),
}));

try {
  const children = await superviseChildren(specs, { out, readyTimeoutMs: 20_000, stopGraceMs: Number(process.env['FIXTURE_STOP_GRACE_MS'] ?? 10_000) });
  out(`READY ${JSON.stringify(children.children)}`);
  const untilStopped = new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  const reason = await untilStoppedOrChildExit(children, untilStopped);
  if (reason.kind === 'signal') out(`Received ${reason.signal}: stopping…`);
  await children.stop();
  out('Stopped.');
  process.exitCode = reason.kind === 'signal' ? 0 : 1;
} catch (error) {
  out(`rankfall: ${(error as Error).message} [${(error as { code?: string }).code}]`);
  process.exitCode = 1;
}
