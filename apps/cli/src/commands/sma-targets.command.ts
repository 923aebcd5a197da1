import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { averageRankSpearman, createStage1State, deserializeStage1State, runStage1, serializeStage1State, smaStage1ConfigSchema, type Stage1State } from '@rankfall/attack-runner';
import { rmse } from '@rankfall/metrics';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { readScoreColumn } from '../services/score-table.service';

const number = z.coerce.number().refine(Number.isFinite, 'must be a finite number');

export const smaTargetsCommand = defineCommand({
  name: 'sma targets',
  summary: 'SMA stage 1: optimise target scores for a set of clean scores (CSV) that break its ranking',
  usage: 'sma targets --scores <file.csv> [--column prediction] [--out targets.csv] [--checkpoint state.json] [--iterations 100000] …',
  details: [
    'Defaults are the paper\'s (SMA.md §2.4): --iterations 100000 --lr 0.005 --lambda-var 1e-4 --lambda-mse 1e-4',
    '--soft-rank-eps 1 --grad-norm elementwise --seed 919 --score-min 0 --score-max 100.',
    '--checkpoint <file>  save the optimiser state there every --checkpoint-every iterations (default 10000) and',
    '                     on Ctrl-C; when the file exists the run resumes from it (bit-identical to an uninterrupted run).',
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
    'score-min': { type: 'string', default: '0' },
    'score-max': { type: 'string', default: '100' },
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
    'score-min': number,
    'score-max': number,
  }),
  async run(flags, io) {
    const { keys, scores } = await readScoreColumn(flags.scores, flags.column);
    const configInput = {
      ...(flags.iterations !== undefined ? { iterations: flags.iterations } : {}),
      ...(flags.lr !== undefined ? { lr: flags.lr } : {}),
      ...(flags['lambda-var'] !== undefined ? { lambdaVar: flags['lambda-var'] } : {}),
      ...(flags['lambda-mse'] !== undefined ? { lambdaMse: flags['lambda-mse'] } : {}),
      ...(flags['soft-rank-eps'] !== undefined ? { softRankEps: flags['soft-rank-eps'] } : {}),
      ...(flags['grad-norm'] !== undefined ? { gradNorm: flags['grad-norm'] } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      scoreRange: [flags['score-min'], flags['score-max']] as [number, number],
    };
    const config = smaStage1ConfigSchema.safeParse(configInput);
    if (!config.success) throw new CliError('INVALID_FLAG', config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

    let state: Stage1State;
    if (flags.checkpoint && existsSync(flags.checkpoint)) {
      state = deserializeStage1State(JSON.parse(await readFile(flags.checkpoint, 'utf8')));
      if (state.clean.length !== scores.length || state.clean.some((value, i) => value !== scores[i])) {
        throw new CliError('FAILED', `${flags.checkpoint} belongs to other clean scores: delete it or choose another --checkpoint`);
      }
      io.out(`Resuming from ${flags.checkpoint} at iteration ${state.iteration}/${state.config.iterations}`);
    } else {
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
