import type { CliIo } from '../command';

export type CapturedIo = CliIo & { stdout: string[]; stderr: string[] };

/** A CliIo that records what a command prints; `stop` resolves `untilStopped` (default: never). */
export function captureIo(env: NodeJS.ProcessEnv = {}, stop: Promise<string> = new Promise(() => undefined)): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env, out: (line) => stdout.push(line), err: (line) => stderr.push(line), untilStopped: () => stop };
}
