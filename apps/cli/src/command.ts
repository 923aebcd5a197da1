import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { CliError } from './cli-error';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); commands that keep running await it. */
  untilStopped(): Promise<string>;
}

export interface CliCommand<Flags> {
  /** e.g. `db start` */
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Extra lines for `rankfall help <command>`: flags and environment variables. */
  readonly details: readonly string[];
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly flags: z.ZodType<Flags>;
  run(flags: Flags, io: CliIo): Promise<number>;
}

/** Any command, whatever its flags: what the registry holds. */
export type AnyCliCommand = Omit<CliCommand<unknown>, 'run'> & { run(flags: never, io: CliIo): Promise<number> };

/** Identity helper that keeps each command's flag type tied to its schema. */
export function defineCommand<Flags>(command: CliCommand<Flags>): CliCommand<Flags> {
  return command;
}

/** Parses argv with node's parseArgs, then validates with the command's zod schema (errors name the flag). */
export function parseFlags(command: AnyCliCommand, argv: string[]): unknown {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: command.options, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new CliError('INVALID_FLAG', `${(error as Error).message.replace(/\. To specify.*$/s, '')} (usage: rankfall ${command.usage})`);
  }
  const parsed = command.flags.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = issue?.path.join('.') ?? '';
    throw new CliError('INVALID_FLAG', `--${flag}: ${issue?.message ?? 'invalid value'} (usage: rankfall ${command.usage})`);
  }
  return parsed.data;
}
