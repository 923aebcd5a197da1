import { AttackError, ComputeError, SmaError } from '@rankfall/attack-runner';
import { DbError } from '@rankfall/db';
import { DatasetImportError, ImageIoError, SyntheticDatasetError } from '@rankfall/datasets';
import { ArchitectureError, CatalogError, OpsError, WeightsError } from '@rankfall/iqa-models';
import { MetricsError } from '@rankfall/metrics';

/** Every library's domain error: reported as one line with its code. */
const DOMAIN_ERRORS = [DbError, DatasetImportError, ImageIoError, SyntheticDatasetError, WeightsError, CatalogError, ArchitectureError, OpsError, AttackError, ComputeError, SmaError, MetricsError] as const;

function isDomainError(error: unknown): error is Error & { code: string } {
  return DOMAIN_ERRORS.some((type) => error instanceof type);
}
import { CliError } from './cli-error';
import { parseFlags, type AnyCliCommand, type CliIo } from './command';
import { commandRegistry } from './command-registry';

const commands: Record<string, AnyCliCommand> = commandRegistry;

export function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.values(commands).map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ['Usage: rankfall <command> [flags]   (from a checkout: npm run rankfall -- <command>)', '', 'Commands:', ...lines, '', 'rankfall help <command> shows the flags and environment variables of one command.'].join('\n');
}

function commandHelp(command: AnyCliCommand): string {
  return [`Usage: rankfall ${command.usage}`, '', command.summary, ...(command.details.length ? ['', ...command.details] : [])].join('\n');
}

/** Finds the longest registered command name that prefixes argv. */
function matchCommand(argv: string[]): { command: AnyCliCommand; rest: string[] } | null {
  for (let words = Math.min(argv.length, 3); words > 0; words -= 1) {
    const command = commands[argv.slice(0, words).join(' ')];
    if (command) return { command, rest: argv.slice(words) };
  }
  return null;
}

/** The CLI edge: maps every domain error to one line and an exit code (never a stack trace). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
      const target = argv[0] === 'help' ? matchCommand(argv.slice(1)) : null;
      io.out(target ? commandHelp(target.command) : helpText());
      return 0;
    }
    const match = matchCommand(argv);
    if (!match) throw new CliError('UNKNOWN_COMMAND', `Unknown command "${argv.join(' ')}". Run "rankfall help" for the list.`);
    if (match.rest.includes('--help')) {
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
