import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** An app entry point (apps/<name>/src/main.ts) run as a real process with Node + tsx, test-only. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the ready line's first match group (e.g. the API's URL). */
  readonly ready: Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startAppProcess(entry: string, env: NodeJS.ProcessEnv, readyLine: RegExp): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../../..', entry)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let onReady: (value: string) => void = () => undefined;
  let onFail: (error: Error) => void = () => undefined;
  const ready = new Promise<string>((res, rej) => {
    onReady = res;
    onFail = rej;
  });
  const exited = new Promise<void>((res) =>
    child.once('exit', (code, signal) => {
      onFail(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${lines.slice(-20).join('\n')}`));
      res();
    }),
  );
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(line);
      const match = readyLine.exec(line);
      if (match) onReady(match[1] ?? line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    child,
    lines,
    ready,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
