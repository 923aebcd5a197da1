import { runCli } from './run-cli';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
  env: process.env,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  untilStopped: () =>
    new Promise<string>((resolve) => {
      const stop = (signal: string) => resolve(signal);
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    }),
};

process.exitCode = await runCli(process.argv.slice(2), io);
