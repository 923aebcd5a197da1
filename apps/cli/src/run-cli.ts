import { AttackError, ComputeError, SmaError } from '@rankfall/attack-runner';
import { DbError } from '@rankfall/db';
import { DatasetImportError, ImageIoError, SyntheticDatasetError } from '@rankfall/datasets';
import { ArchitectureError, CatalogError, OpsError, TrainingError, WeightsError } from '@rankfall/iqa-models';
import { isRankfallError, JobContractError } from '@rankfall/job-contracts';
import { RunsError } from '@rankfall/runs';
import { MetricsError } from '@rankfall/metrics';
import { CliError } from './cli-error';
import { parseFlags, type AnyCliCommand, type CliIo } from './command';
import { commandRegistry } from './command-registry';
import { DashboardError } from './services/dashboard-error';
import { SmaTargetsError } from './services/sma-targets-error';

/** Every library's domain error: reported as one line with its code. */
export const DOMAIN_ERRORS = [DbError, DatasetImportError, ImageIoError, SyntheticDatasetError, WeightsError, CatalogError, ArchitectureError, OpsError, TrainingError, AttackError, ComputeError, SmaError, MetricsError, JobContractError, RunsError, SmaTargetsError, DashboardError] as const;

/** A library error with a code (the listed classes, and anything built on the common RankfallError base). */
function isDomainError(error: unknown): error is Error & { code: string } {
  return DOMAIN_ERRORS.some((type) => error instanceof type) || isRankfallError(error);
}

const commands: Record<string, AnyCliCommand> = commandRegistry;

function commandLines(names: readonly string[]): string[] {
  const width = Math.max(...names.map((name) => name.length));
  return names.map((name) => `  ${name.padEnd(width)}  ${commands[name]?.summary ?? ''}`);
}

export function helpText(): string {
  return [
    'Usage: rankfall <command> [flags]   (from a checkout: npm run rankfall -- <command>)',
    '',
    'Commands:',
    ...commandLines(Object.keys(commands)),
    '',
    'rankfall help <command> (or rankfall <command> --help) shows the flags and environment variables of one command.',
  ].join('\n');
}

function commandHelp(command: AnyCliCommand): string {
  return [`Usage: rankfall ${command.usage}`, '', command.summary, ...(command.details.length ? ['', ...command.details] : [])].join('\n');
}

/** The registered commands whose name starts with these words (`dataset` → dataset formats, synth, …). */
function groupMembers(words: readonly string[]): string[] {
  const prefix = `${words.join(' ')} `;
  return words.length === 0 ? [] : Object.keys(commands).filter((name) => name.startsWith(prefix));
}

function groupLines(members: readonly string[]): string[] {
  const width = Math.max(...members.map((name) => name.length)) + 'rankfall '.length;
  return [...members.map((name) => `  ${`rankfall ${name}`.padEnd(width)}  ${commands[name]?.summary ?? ''}`), '', `rankfall help <command> shows the flags of one.`];
}

/** Finds the longest registered command name that prefixes argv. */
function matchCommand(argv: string[]): { command: AnyCliCommand; rest: string[] } | null {
  for (let words = Math.min(argv.length, 3); words > 0; words -= 1) {
    const command = commands[argv.slice(0, words).join(' ')];
    if (command) return { command, rest: argv.slice(words) };
  }
  return null;
}

/** The leading words that are not flags: a command name or a group (`dataset`). */
function leadingWords(argv: readonly string[]): string[] {
  const end = argv.findIndex((token) => token.startsWith('-'));
  return [...(end < 0 ? argv : argv.slice(0, end))];
}

const isHelpFlag = (token: string) => token === '--help' || token === '-h';

/** `-h`/`--help` among the flags (before a `--` terminator). */
function asksForHelp(rest: readonly string[]): boolean {
  const end = rest.indexOf('--');
  return (end < 0 ? rest : rest.slice(0, end)).some(isHelpFlag);
}

/** `rankfall help [topic…]`: the general help, one command's help, or a group's subcommands. */
function help(topic: string[], io: CliIo): number {
  if (topic.length === 0) {
    io.out(helpText());
    return 0;
  }
  const command = commands[topic.join(' ')];
  if (command) {
    io.out(commandHelp(command));
    return 0;
  }
  const members = groupMembers(topic);
  if (members.length > 0) {
    io.out([`rankfall ${topic.join(' ')} <subcommand>:`, ...groupLines(members)].join('\n'));
    return 0;
  }
  throw new CliError('USAGE', `no help topic "${topic.join(' ')}": run "rankfall help" for the commands`);
}

/** The CLI edge: maps every domain error to one line and an exit code (never a stack trace). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    if (argv.length === 0) return help([], io);
    if (argv[0] === 'help') return help(argv.slice(1), io);
    if (isHelpFlag(argv[0] ?? '')) return help([], io);
    const match = matchCommand(argv);
    if (!match) {
      const words = leadingWords(argv);
      // A group word (`dataset`, `db`, …) with no or an unknown subcommand: list its subcommands.
      for (let length = words.length; length > 0; length -= 1) {
        const members = groupMembers(words.slice(0, length));
        if (members.length === 0) continue;
        const group = words.slice(0, length).join(' ');
        if (length === words.length && asksForHelp(argv.slice(length))) return help(words.slice(0, length), io);
        const head = length === words.length ? `rankfall: "${group}" needs a subcommand:` : `rankfall: unknown command "${words.join(' ')}"; "${group}" has these subcommands:`;
        for (const line of [head, ...groupLines(members)]) io.err(line);
        return 2;
      }
      if (asksForHelp(argv)) return help([], io);
      throw new CliError('UNKNOWN_COMMAND', `Unknown command "${argv.join(' ')}". Run "rankfall help" for the list.`);
    }
    if (asksForHelp(match.rest)) {
      io.out(commandHelp(match.command));
      return 0;
    }
    const run = match.command.run as (flags: unknown, io: CliIo) => Promise<number>;
    return await run(parseFlags(match.command, match.rest), io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`rankfall: ${error.message}`);
      return error.exitCode;
    }
    if (isDomainError(error)) {
      io.err(`rankfall: ${error.message} [${error.code}]`);
      return 1;
    }
    io.err(`rankfall: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (io.env['RANKFALL_DEBUG'] && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}
