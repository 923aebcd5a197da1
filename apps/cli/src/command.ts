import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { CliError } from './cli-error';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Width of the terminal stdout goes to, when it is one (commands that wrap text default to 100). */
  columns?: number | undefined;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); commands that keep running await it. */
  untilStopped(): Promise<string>;
}

export interface CliCommand<Flags> {
  /** e.g. `db start` */
  readonly name: string;
  readonly summary: string;
  /** Must mention every option (a registry-wide test checks it). */
  readonly usage: string;
  /**
   * Extra lines for `rankfall help <command>`: flags and environment variables. A line that starts with
   * `--flag` (optionally followed by its metavar) and two spaces describes that flag: flag errors quote it.
   */
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

const helpPointer = (command: AnyCliCommand) => `see \`rankfall help ${command.name}\``;

/** What a flag is for: its line in `details`, else its metavar in `usage` (`--out <folder>` → `<folder>`). */
export function describeFlag(command: AnyCliCommand, flag: string): string | null {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const detail = new RegExp(`^--${escaped}(?:\\s+(?:<[^>]+>|[A-Z][A-Z0-9,._-]*))?\\s{2,}(\\S.*)$`);
  for (const line of command.details) {
    const match = detail.exec(line);
    if (match?.[1]) return match[1].trim();
  }
  const metavar = new RegExp(`--${escaped}[ =](<[^>]+>|[A-Z][A-Z0-9,._-]*)`).exec(command.usage);
  return metavar?.[1] ?? null;
}

interface ZodInternals {
  _zod: { def: { type: string; innerType?: unknown; in?: unknown; out?: unknown; shape?: Record<string, unknown> } };
  isInt?: boolean;
}

/** The schema of one flag (the object's field), or null when the flags schema is not a plain object. */
function fieldSchema(flags: unknown, name: string): unknown {
  const def = (flags as ZodInternals)._zod?.def;
  return def?.type === 'object' ? (def.shape?.[name] ?? null) : null;
}

/** Whether a flag's schema only accepts integers (looks through optional, default, pipe). */
function isIntegerSchema(schema: unknown, depth = 0): boolean {
  if (!schema || depth > 8) return false;
  const node = schema as ZodInternals;
  const def = node._zod?.def;
  if (!def) return false;
  if (def.type === 'number') return node.isInt === true;
  if (def.type === 'pipe') return isIntegerSchema(def.in, depth + 1) || isIntegerSchema(def.out, depth + 1);
  return def.innerType !== undefined && isIntegerSchema(def.innerType, depth + 1);
}

function givenOnCommandLine(argv: readonly string[], flag: string): boolean {
  return argv.some((token) => token === `--${flag}` || token.startsWith(`--${flag}=`));
}

/** One zod issue as one line a person can act on: the flag, what it expects, and what it got. */
function flagMessage(command: AnyCliCommand, argv: readonly string[], values: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  const flag = String(issue.path[0] ?? '');
  const raw = values[flag];
  const got = typeof raw === 'string' ? `, got '${raw}'` : Array.isArray(raw) ? `, got ${raw.map((v) => `'${String(v)}'`).join(' ')}` : '';
  const missing = raw === undefined || (raw === '' && !givenOnCommandLine(argv, flag)) || (Array.isArray(raw) && raw.length === 0);
  if (flag === '') return `${issue.message} (${helpPointer(command)})`;
  if (missing && issue.code !== 'custom') {
    const what = describeFlag(command, flag);
    return `--${flag} is required${what ? `: ${what}` : ''} (${helpPointer(command)})`;
  }
  const integer = isIntegerSchema(fieldSchema(command.flags, flag));
  const kind = integer ? 'an integer' : 'a number';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return `--${flag} must be ${kind}${got}`;
      return `--${flag} must be ${issue.expected === 'string' ? 'text' : issue.expected}${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `--${flag} must be ${kind} ${op} ${String(bound)}${got}`;
      if (issue.origin === 'string' && issue.code === 'too_small' && Number(bound) <= 1) return `--${flag} must not be empty`;
      return `--${flag}: ${issue.message}${got}`;
    }
    case 'invalid_value':
      return `--${flag} must be one of ${issue.values.map(String).join(', ')}${got}`;
    case 'custom':
      return /^(must|needs|is|only|expected)\b/.test(issue.message) ? `--${flag} ${issue.message}${got}` : `--${flag}: ${issue.message}${got}`;
    default:
      return `--${flag}: ${issue.message}${got}`;
  }
}

/** parseArgs' own errors (unknown flag, missing value, stray argument) as one line naming the flag. */
function parseArgsMessage(command: AnyCliCommand, error: Error & { code?: string }): string {
  const flags = Object.keys(command.options).map((name) => `--${name}`);
  const named = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag '${named}' for \`rankfall ${command.name}\` (${flags.length ? `flags: ${flags.join(', ')}; ` : 'it takes no flags; '}${helpPointer(command)})`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = named.replace(/^-+/, '');
      const option = command.options[flag];
      if (option?.type === 'boolean') return `--${flag} is a switch and takes no value (${helpPointer(command)})`;
      const what = describeFlag(command, flag);
      return `--${flag} needs a value${what ? `: --${flag} ${what.startsWith('<') ? what : `<${what}>`}` : ''} (${helpPointer(command)})`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const argument = /'([^']*)'/.exec(error.message)?.[1] ?? '';
      return `unexpected argument '${argument}': \`rankfall ${command.name}\` takes only flags (${helpPointer(command)})`;
    }
    default:
      return `${error.message.replace(/\. To specify.*$/s, '')} (${helpPointer(command)})`;
  }
}

/** Parses argv with node's parseArgs, then validates with the command's zod schema; every error is one line naming the flag. */
export function parseFlags(command: AnyCliCommand, argv: string[]): unknown {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: command.options, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new CliError('INVALID_FLAG', parseArgsMessage(command, error as Error & { code?: string }));
  }
  const parsed = command.flags.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError('INVALID_FLAG', issue ? flagMessage(command, argv, values, issue) : `invalid flags (${helpPointer(command)})`);
  }
  return parsed.data;
}
