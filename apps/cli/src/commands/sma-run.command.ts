import { z } from 'zod';
import { defineCommand } from '../command';
import { runCreateCommand } from './run.command';

/**
 * `sma run`: a thin alias of `run create --attack sma --wait`, with SMA's most used settings as flags
 * (every other stage-1/stage-2 setting through --config).
 */
export const smaRunCommand = defineCommand({
  name: 'sma run',
  summary: 'Run SMA (both stages) with a registered model on a dataset split through the queue and wait for it (alias of run create --attack sma --wait)',
  usage: 'sma run --model <name> --dataset <name> [--version V] [--split test|val|train|all] [--team slug] [--iterations N] [--epsilon E] [--alpha A] [--steps N] [--config <json>] [--shards N] [--name N]',
  details: [
    '--iterations N   stage 1 iterations (paper: 100 000); --config {"stage1":{…}} sets any other stage-1 field (libs/attack-runner/src/sma/sma-stage1.config.ts)',
    '--epsilon E      stage 2 L∞ budget (paper: 0.005); --alpha A step size (0.001); --steps N (10)',
    '--config <json>  {"stage1":{…},"stage2":{…}}: merged under the flags above',
    '--shards N       perturb jobs, for several workers (default 1)',
    'Every finished image is recorded at once; Ctrl-C stops watching (the run goes on in the worker: rankfall run cancel stops it).',
  ],
  options: {
    model: { type: 'string' },
    dataset: { type: 'string' },
    version: { type: 'string' },
    split: { type: 'string', default: 'test' },
    team: { type: 'string', default: 'demo' },
    iterations: { type: 'string' },
    epsilon: { type: 'string' },
    alpha: { type: 'string' },
    steps: { type: 'string' },
    config: { type: 'string' },
    shards: { type: 'string', default: '1' },
    name: { type: 'string' },
  },
  flags: z.object({
    model: z.string().min(1),
    dataset: z.string().min(1),
    version: z.string().min(1).optional(),
    split: z.enum(['test', 'val', 'train', 'all']),
    team: z.string().min(1),
    iterations: z.coerce.number().int().min(1).optional(),
    epsilon: z.coerce.number().positive().max(1).optional(),
    alpha: z.coerce.number().positive().max(1).optional(),
    steps: z.coerce.number().int().min(1).optional(),
    config: z.string().optional(),
    shards: z.coerce.number().int().min(1).max(256),
    name: z.string().min(1).max(200).optional(),
  }),
  async run(flags, io) {
    let base: { stage1?: object; stage2?: object } = {};
    if (flags.config !== undefined) {
      try {
        base = JSON.parse(flags.config) as typeof base;
      } catch {
        base = flags.config as never;
      }
    }
    const config = {
      ...base,
      stage1: { ...base.stage1, ...(flags.iterations !== undefined ? { iterations: flags.iterations } : {}) },
      stage2: { ...base.stage2, ...(flags.epsilon !== undefined ? { epsilon: flags.epsilon } : {}), ...(flags.alpha !== undefined ? { alpha: flags.alpha } : {}), ...(flags.steps !== undefined ? { steps: flags.steps } : {}) },
    };
    return runCreateCommand.run(
      { attack: 'sma', model: flags.model, dataset: flags.dataset, version: flags.version, split: flags.split, team: flags.team, config: JSON.stringify(config), shards: flags.shards, name: flags.name, wait: true, seed: undefined },
      io,
    );
  },
});
