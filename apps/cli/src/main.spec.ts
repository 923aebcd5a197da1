import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const state = mkdtempSync(join(tmpdir(), 'rankfall-signals-'));
// As root, the embedded server runs as the postgres user, which must be able to enter the folder.
chmodSync(state, 0o755);
afterAll(() => rmSync(state, { recursive: true, force: true }));

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer().once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

describe('rankfall db start (embedded PostgreSQL) and signals to the CLI process alone', () => {
  it('stops PostgreSQL even when a second SIGINT arrives while it stops: port free, no postmaster.pid, exit 0', async () => {
    const port = 54_000 + Math.floor(Math.random() * 900);
    const env: NodeJS.ProcessEnv = { ...process.env, RANKFALL_STATE_DIR: state, RANKFALL_PG_PORT: String(port) };
    delete env['DATABASE_URL'];
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'main.ts'), 'db', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const deadline = Date.now() + 90_000;
    while (!output.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(output).toContain('Press Ctrl-C');
    const pidFile = join(state, 'postgres', 'data', 'postmaster.pid');
    expect(existsSync(pidFile)).toBe(true);
    expect(await portFree(port)).toBe(false);

    child.kill('SIGINT');
    // The same Ctrl-C forwarded again (npm, tsx) within milliseconds counts once; a second one a moment later is a
    // second signal, which must not kill the process half-way either.
    await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 350));
    child.kill('SIGINT');
    // Three deliveries: a Ctrl-C, its forwarded copy, and a real second Ctrl-C while stopping. Counting the copy as
    // a second signal would make the third one exit 130 half-way (PostgreSQL orphaned); it must end with 0.
    expect(await exited).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
    expect(await portFree(port)).toBe(true);
  }, 120_000);
});
