import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { averageRankSpearman, createStage1State, deserializeStage1State, runStage1, serializeStage1State, smaStage1ConfigSchema, type SmaStage1Config, type Stage1State } from '@rankfall/attack-runner';
import { rmse } from '@rankfall/metrics';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { readScoreColumn } from '../services/score-table.service';
import { SmaTargetsError } from '../services/sma-targets-error';

const number = z.coerce.number().refine(Number.isFinite, 'must be a finite number');

/** The flags that set the optimisation (not --checkpoint-every, which only decides when to save), and their config field. */
const SETTINGS = [
  ['iterations', (c: SmaStage1Config) => c.iterations],
  ['lr', (c: SmaStage1Config) => c.lr],
  ['lambda-var', (c: SmaStage1Config) => c.lambdaVar],
  ['lambda-mse', (c: SmaStage1Config) => c.lambdaMse],
  ['soft-rank-eps', (c: SmaStage1Config) => c.softRankEps],
  ['grad-norm', (c: SmaStage1Config) => c.gradNorm],
  ['seed', (c: SmaStage1Config) => c.seed],
  ['score-min', (c: SmaStage1Config) => c.scoreRange[0]],
  ['score-max', (c: SmaStage1Config) => c.scoreRange[1]],
] as const;

type SettingFlags = { [K in (typeof SETTINGS)[number][0]]?: number | string | undefined };

/** Flags given on this command line whose value differs from the checkpoint's, as `--flag new (checkpoint: old)`. */
function changedSettings(flags: SettingFlags, checkpoint: SmaStage1Config): string[] {
  return SETTINGS.filter(([flag, read]) => flags[flag] !== undefined && flags[flag] !== read(checkpoint)).map(([flag, read]) => `--${flag} ${flags[flag]} (checkpoint: ${read(checkpoint)})`);
}

/** Loads a checkpoint and checks every number in it is finite before a single iteration runs. */
async function loadCheckpoint(path: string): Promise<Stage1State> {
  let state: Stage1State;
  try {
    state = deserializeStage1State(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    throw new SmaTargetsError('INVALID_CHECKPOINT', `${path}: not a stage-1 checkpoint (${(error as Error).message}); delete it to start again`);
  }
  const arrays: Array<[string, Float64Array]> = [['clean', state.clean], ['targets', state.targets], ['adamM', state.adamM], ['adamV', state.adamV], ...state.snapshots.map((s, k): [string, Float64Array] => [`snapshots[${k}].targets`, s.targets])];
  for (const [field, values] of arrays) {
    const bad = values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) throw new SmaTargetsError('INVALID_CHECKPOINT', `${path}: ${field}[${bad}] is ${values[bad]}: the checkpoint is corrupt; delete it to start again`);
  }
  if (state.adamV.some((value) => value < 0)) throw new SmaTargetsError('INVALID_CHECKPOINT', `${path}: adamV holds a negative second moment: the checkpoint is corrupt; delete it to start again`);
  return state;
}

export const smaTargetsCommand = defineCommand({
  name: 'sma targets',
  summary: 'SMA stage 1: optimise target scores for a set of clean scores (CSV) that break its ranking',
  usage:
    'sma targets --scores <file.csv> [--column prediction] [--out targets.csv] [--checkpoint state.json] [--checkpoint-every 10000] [--iterations 100000] [--lr X] [--lambda-var X] [--lambda-mse X] [--soft-rank-eps X] [--grad-norm elementwise|l2] [--seed N] [--score-min 0] [--score-max 100]',
  details: [
    'Defaults are those of the official code (YangiD/SMA demo_attack_first_step.py; see libs/attack-runner/src/sma/sma-stage1.config.ts',
    'and the paper, arXiv 2404.13277): --iterations 100000 --lr 0.005 --lambda-var 1e-4 --lambda-mse 1e-4',
    '--soft-rank-eps 1 --grad-norm elementwise --seed 919 --score-min 0 --score-max 100.',
    '--scores <file.csv>  a CSV with a header; the first column is the key (unique), --column holds decimal scores',
    '                     within [--score-min, --score-max], not all equal',
    '--checkpoint <file>  save the optimiser state there every --checkpoint-every iterations (default 10000) and',
    '                     on Ctrl-C; when the file exists the run resumes from it (bit-identical to an uninterrupted run).',
    '                     Settings not given are taken from the checkpoint; a setting that differs from it is refused.',
    '--out <file>         CSV: key, clean, target and one column per snapshot (50000, 80000, 100000).',
  ],
  options: {
    scores: { type: 'string' },
    column: { type: 'string', default: 'prediction' },
    out: { type: 'string' },
    checkpoint: { type: 'string' },
    'checkpoint-every': { type: 'string', default: '10000' },
    iterations: { type: 'string' },
    lr: { type: 'string' },
    'lambda-var': { type: 'string' },
    'lambda-mse': { type: 'string' },
    'soft-rank-eps': { type: 'string' },
    'grad-norm': { type: 'string' },
    seed: { type: 'string' },
    'score-min': { type: 'string' },
    'score-max': { type: 'string' },
  },
  flags: z.object({
    scores: z.string().min(1, 'required'),
    column: z.string().min(1),
    out: z.string().min(1).optional(),
    checkpoint: z.string().min(1).optional(),
    'checkpoint-every': z.coerce.number().int().min(100),
    iterations: z.coerce.number().int().min(1).optional(),
    lr: number.optional(),
    'lambda-var': number.optional(),
    'lambda-mse': number.optional(),
    'soft-rank-eps': number.optional(),
    'grad-norm': z.enum(['elementwise', 'l2']).optional(),
    seed: z.coerce.number().int().min(0).optional(),
    'score-min': number.optional(),
    'score-max': number.optional(),
  }),
  async run(flags, io) {
    const configInput = {
      ...(flags.iterations !== undefined ? { iterations: flags.iterations } : {}),
      ...(flags.lr !== undefined ? { lr: flags.lr } : {}),
      ...(flags['lambda-var'] !== undefined ? { lambdaVar: flags['lambda-var'] } : {}),
      ...(flags['lambda-mse'] !== undefined ? { lambdaMse: flags['lambda-mse'] } : {}),
      ...(flags['soft-rank-eps'] !== undefined ? { softRankEps: flags['soft-rank-eps'] } : {}),
      ...(flags['grad-norm'] !== undefined ? { gradNorm: flags['grad-norm'] } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      scoreRange: [flags['score-min'] ?? 0, flags['score-max'] ?? 100] as [number, number],
    };
    const config = smaStage1ConfigSchema.safeParse(configInput);
    if (!config.success) throw new CliError('INVALID_FLAG', config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

    let state: Stage1State;
    let keys: string[];
    let scores: number[];
    if (flags.checkpoint && existsSync(flags.checkpoint)) {
      state = await loadCheckpoint(flags.checkpoint);
      const changed = changedSettings(flags, state.config);
      if (changed.length > 0) {
        throw new SmaTargetsError('CHECKPOINT_MISMATCH', `${flags.checkpoint} was started with other settings: ${changed.join(', ')}; drop these flags to continue it, or choose another --checkpoint`);
      }
      ({ keys, scores } = await readScoreColumn(flags.scores, flags.column, { range: state.config.scoreRange }));
      if (state.clean.length !== scores.length || state.clean.some((value, i) => value !== scores[i])) {
        throw new SmaTargetsError('CHECKPOINT_MISMATCH', `${flags.checkpoint} belongs to other clean scores: delete it or choose another --checkpoint`);
      }
      io.out(`Resuming from ${flags.checkpoint} at iteration ${state.iteration}/${state.config.iterations}`);
      io.out(`  settings from the checkpoint: ${SETTINGS.map(([flag, read]) => `--${flag} ${read(state.config)}`).join(' ')}`);
    } else {
      ({ keys, scores } = await readScoreColumn(flags.scores, flags.column, { range: config.data.scoreRange }));
      state = createStage1State(scores, config.data);
      io.out(`SMA stage 1 on ${scores.length} scores from ${flags.scores} (${state.config.iterations} iterations, seed ${state.config.seed})`);
    }
    const save = async () => {
      if (!flags.checkpoint) return;
      const temp = `${flags.checkpoint}.partial`;
      await writeFile(temp, JSON.stringify(serializeStage1State(state)));
      await rename(temp, flags.checkpoint);
    };
    const controller = new AbortController();
    void io.untilStopped().then((signal) => {
      io.out(`${signal}: stopping after the current iteration`);
      controller.abort();
    });
    const started = Date.now();
    const total = state.config.iterations;
    let result = await runStage1(state, { signal: controller.signal, until: Math.min(total, state.iteration + flags['checkpoint-every']), progressEvery: Math.max(1000, Math.floor(total / 20)), onProgress: (iteration, loss, soft) => io.out(`  iteration ${iteration}/${total}  loss ${loss.toFixed(6)}  soft SROCC ${soft.toFixed(4)}`) });
    while (result.status === 'paused' && state.iteration < total) {
      await save();
      result = await runStage1(state, { signal: controller.signal, until: Math.min(total, state.iteration + flags['checkpoint-every']), progressEvery: Math.max(1000, Math.floor(total / 20)), onProgress: (iteration, loss, soft) => io.out(`  iteration ${iteration}/${total}  loss ${loss.toFixed(6)}  soft SROCC ${soft.toFixed(4)}`) });
    }
    await save();
    if (result.status === 'aborted') {
      io.out(`Stopped at iteration ${state.iteration}${flags.checkpoint ? `; resume with the same command (state in ${flags.checkpoint})` : ''}.`);
      return 130;
    }
    const targets = [...state.targets];
    const atBounds = targets.filter((t) => t <= state.config.scoreRange[0] || t >= state.config.scoreRange[1]).length;
    io.out(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: hard SROCC(targets, clean) ${averageRankSpearman(state.targets, state.clean).toFixed(4)}, RMSE ${rmse(targets, scores).toFixed(2)}, ${atBounds}/${targets.length} targets at the bounds`);
    if (flags.out) {
      const snapshots = state.snapshots;
      const header = ['key', 'clean', 'target', ...snapshots.map((s) => `target_${s.label}`)].join(',');
      const rows = keys.map((key, i) => [JSON.stringify(key), scores[i], state.targets[i], ...snapshots.map((s) => s.targets[i])].join(','));
      await writeFile(flags.out, `${header}\n${rows.join('\n')}\n`);
      io.out(`Wrote ${flags.out}`);
    }
    return 0;
  },
});
