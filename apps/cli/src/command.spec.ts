import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { parseFlags, type AnyCliCommand } from './command';
import { commandRegistry } from './command-registry';
import { runCli } from './run-cli';
import { captureIo } from './testing/capture-io';

const commands: Array<[string, AnyCliCommand]> = Object.entries(commandRegistry);
const repoRoot = resolve(import.meta.dirname, '../../..');

async function stderrOf(argv: string[]): Promise<{ code: number; stderr: string[] }> {
  const io = captureIo({}, Promise.resolve('SIGTERM'));
  const code = await runCli(argv, io);
  return { code, stderr: io.stderr };
}

describe('flag errors: one line naming the flag and what is expected, exit code 2', () => {
  it.each([
    [['dataset', 'import', '--format', 'folder-csv', '--images', 'x'], 'rankfall: --table is required: the MOS table (CSV) as published (see `rankfall help dataset import`)'],
    [['dataset', 'synth', '--out', 'x', '--seed', 'abc'], "rankfall: --seed must be an integer, got 'abc'"],
    [['dataset', 'synth', '--out', 'x', '--seed', '1.5'], "rankfall: --seed must be an integer, got '1.5'"],
    [['dataset', 'synth', '--out', 'x', '--levels', '11'], "rankfall: --levels must be an integer ≤ 10, got '11'"],
    [['dataset', 'synth', '--out', 'x', '--size', '8'], "rankfall: --size must be an integer ≥ 16, got '8'"],
    [['attack', '--attack', 'fgsm', '--model', 'cnniqa-live', '--image', 'a.png', '--out', 'o', '--target', 'high'], "rankfall: --target must be a number, got 'high'"],
    [['sma', 'targets', '--scores', 's.csv', '--grad-norm', 'l3'], "rankfall: --grad-norm must be one of elementwise, l2, got 'l3'"],
    [['model', 'export', '--model', 'cnniqa-live', '--weights', 'w.pt'], 'rankfall: --out is required: <file.safetensors> (see `rankfall help model export`)'],
    [['model', 'train', '--architecture', 'compact-cnn', '--synthetic'], 'rankfall: --out is required: weights (.safetensors); PATH with .training.json instead is the training record (see `rankfall help model train`)'],
    [['dataset', 'synth', '--out'], "rankfall: --out needs a value: --out <folder> (see `rankfall help dataset synth`)"],
    [['dataset', 'list', 'extra'], "rankfall: unexpected argument 'extra': `rankfall dataset list` takes only flags (see `rankfall help dataset list`)"],
    [['demo', '--bogus'], "rankfall: unknown flag '--bogus' for `rankfall demo` (flags: --once, --fresh; see `rankfall help demo`)"],
  ])('%j', async (argv, line) => {
    const { code, stderr } = await stderrOf(argv);
    expect(stderr).toEqual([line]);
    expect(code).toBe(2);
  });

  it('never shows raw validator text for a missing or malformed flag, whatever the command', () => {
    const messages: string[] = [];
    const attempt = (command: AnyCliCommand, argv: string[]) => {
      try {
        parseFlags(command, argv);
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        messages.push((error as CliError).message);
      }
    };
    for (const [, command] of commands) {
      attempt(command, []);
      for (const [option, spec] of Object.entries(command.options)) {
        attempt(command, spec.type === 'string' ? [`--${option}`, 'not-a-number-0x1'] : [`--${option}=yes`]);
        if (spec.type === 'string') attempt(command, [`--${option}`]);
      }
    }
    expect(messages.length).toBeGreaterThan(20);
    for (const message of messages) {
      expect(message).toMatch(/^(--[\w-]+ |unknown flag|unexpected argument)/);
      expect(message).not.toMatch(/Invalid input|received NaN|received undefined|Too small|Too big|Invalid option/);
      expect(message).not.toContain('\n');
    }
  });
});

describe('every command’s help', () => {
  it.each(commands)('%s: the usage mentions every flag it declares', (_name, command) => {
    const missing = Object.keys(command.options).filter((option) => !new RegExp(`--${option}(?![\\w-])`).test(command.usage));
    expect(missing).toEqual([]);
  });

  it.each(commands)('%s: help that names the .rankfall/ state folder says RANKFALL_STATE_DIR moves it', (_name, command) => {
    const text = [command.summary, command.usage, ...command.details].join('\n');
    if (text.includes('.rankfall')) expect(text).toContain('RANKFALL_STATE_DIR');
  });

  it.each(commands)('%s: every file or document its help names exists in the repository', (_name, command) => {
    const text = [command.summary, command.usage, ...command.details].join('\n');
    const named = [...text.matchAll(/(?<![\w./-])((?:\.\.\/)?(?:[\w-]+\/)*[\w.-]+\.md|(?:apps|libs|docs|tools|prisma)\/[\w./-]*[\w-])/g)].map((m) => m[1]!);
    const absent = named.filter((path) => !existsSync(resolve(repoRoot, path)));
    expect(absent).toEqual([]);
  });
});
