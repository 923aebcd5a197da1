import { runCli } from './run-cli';

/**
 * Signals: a command that runs until stopped (demo, db start) gets the first SIGINT/SIGTERM through
 * `untilStopped` and stops everything it started (children, the embedded PostgreSQL). A second signal while it
 * stops does not kill this process half-way (which would orphan PostgreSQL); a third exits at once. A signal
 * when no command is waiting for one ends the process as usual (exit 130). One Ctrl-C under `npm run` arrives
 * two or three times within milliseconds (the terminal's process group, then npm and tsx forwarding it): signals
 * within DUPLICATE_WINDOW_MS of the previous one count once.
 */
export const DUPLICATE_WINDOW_MS = 300;
let lastSignalAt = Number.NEGATIVE_INFINITY;
let signals = 0;
const waiters: Array<(signal: string) => void> = [];
function onSignal(signal: NodeJS.Signals): void {
  const now = performance.now();
  const duplicate = now - lastSignalAt < DUPLICATE_WINDOW_MS;
  lastSignalAt = now;
  if (duplicate) return;
  signals += 1;
  if (signals === 1 && waiters.length > 0) {
    for (const resolve of waiters.splice(0)) resolve(signal);
  } else if (signals === 2 && waiters.length === 0 && stopping) {
    process.stderr.write(`${signal} again: still stopping cleanly (children, database); a third ${signal} exits at once\n`);
  } else {
    process.exit(130);
  }
}
let stopping = false;
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
  env: process.env,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  untilStopped: () =>
    new Promise<string>((resolve) => {
      waiters.push((signal) => {
        stopping = true;
        resolve(signal);
      });
    }),
};

process.exitCode = await runCli(process.argv.slice(2), io);
