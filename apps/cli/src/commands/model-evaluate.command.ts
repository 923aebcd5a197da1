import { getModelEvaluation, requestModelEvaluation, type EvaluationRequestOutcome } from '@rankfall/runs';
import type { ModelEvaluationRow, PrismaClient } from '@rankfall/db';
import { z } from 'zod';
import { defineCommand, type CliIo } from '../command';
import { resolveRunTargets } from '../services/run-lookup.service';
import { ensureWorker } from '../services/worker-child.service';
import { engineError, withDatabase } from './run.command';

const fixed = (value: number | null, digits = 4) => (value === null ? '–' : value.toFixed(digits));
const withCi = (value: number | null, lo: number | null, hi: number | null) => (value === null ? '–' : `${fixed(value)} [${fixed(lo)}, ${fixed(hi)}]`);

/** Reported beside reproduced, one line each, for a finished (or failed) evaluation. */
export function describeEvaluation(evaluation: ModelEvaluationRow): string[] {
  const lines = [`Evaluation ${evaluation.id}: ${evaluation.status.toLowerCase()}, ${evaluation.imageCount} images${evaluation.backend ? `, backend ${evaluation.backend}` : ''}${evaluation.durationMs !== null ? `, ${(evaluation.durationMs / 1000).toFixed(1)} s` : ''}`];
  if (evaluation.status === 'FAILED') return [...lines, `  failed: ${evaluation.errorMessage ?? ''} [${evaluation.errorCode ?? 'UNKNOWN'}]`];
  lines.push(
    `              SROCC                     PLCC                      KROCC`,
    `  reported    ${fixed(evaluation.reportedSrocc).padEnd(26)}${fixed(evaluation.reportedPlcc).padEnd(26)}–`,
    `  reproduced  ${withCi(evaluation.reproducedSrocc, evaluation.sroccCiLow, evaluation.sroccCiHigh).padEnd(26)}${withCi(evaluation.reproducedPlcc, evaluation.plccCiLow, evaluation.plccCiHigh).padEnd(26)}${withCi(evaluation.reproducedKrocc, evaluation.kroccCiLow, evaluation.kroccCiHigh)}`,
    evaluation.reportedSource ? `  reported: ${evaluation.reportedSource}; ${evaluation.reportedProtocol ?? ''}` : '  reported: none in the catalog for this dataset’s format (no citable number)',
    '  reproduced: raw correlations vs MOS with 95 % bootstrap CIs (negative when the model’s and the dataset’s directions differ)',
    `  command: ${evaluation.command ?? '–'}`,
  );
  return lines;
}

/** Polls an evaluation until it ends or the user stops watching. */
async function waitForEvaluation(prisma: PrismaClient, teamId: string, id: string, io: CliIo, pollMs: number): Promise<ModelEvaluationRow> {
  let stopped = false;
  void io.untilStopped().then(() => (stopped = true));
  for (;;) {
    const evaluation = await getModelEvaluation(prisma, teamId, id);
    if (evaluation.status === 'SUCCEEDED' || evaluation.status === 'FAILED' || evaluation.status === 'CANCELLED' || stopped) return evaluation;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export const modelEvaluateCommand = defineCommand({
  name: 'model evaluate',
  summary: 'Clean SROCC/PLCC/KROCC (95 % CIs) of a registered model on a dataset split, beside the catalog’s reported numbers',
  usage: 'model evaluate --model <name> --dataset <name> [--version V] [--split test|val|train|all] [--team slug] [--detach]',
  details: [
    '--model <name>    a registered model of the team (rankfall model list)',
    '--dataset <name>  a dataset of the team (rankfall dataset list); --version picks one (default: the newest)',
    '--split <split>   test (default), val, train, or all',
    '--detach          only queue the evaluation (job `evaluate-model`); by default wait for it, starting a worker when none runs',
    'An evaluation of the same model, dataset and split that succeeded (or is queued) is shown, not recomputed.',
    'Reported numbers come from the catalog, matched by the dataset’s importer format (docs/models.md).',
  ],
  options: {
    model: { type: 'string' },
    dataset: { type: 'string' },
    version: { type: 'string' },
    split: { type: 'string', default: 'test' },
    team: { type: 'string', default: 'demo' },
    detach: { type: 'boolean', default: false },
  },
  flags: z.object({
    model: z.string().min(1),
    dataset: z.string().min(1),
    version: z.string().min(1).optional(),
    split: z.enum(['test', 'val', 'train', 'all']),
    team: z.string().min(1),
    detach: z.boolean(),
  }),
  async run(flags, io) {
    return withDatabase(io, async (prisma, db) => {
      const targets = await resolveRunTargets(prisma, { team: flags.team, dataset: flags.dataset, version: flags.version, model: flags.model });
      const outcome: EvaluationRequestOutcome = await requestModelEvaluation(prisma, {
        teamId: targets.team.id,
        createdById: targets.ownerId,
        modelId: targets.model.id,
        datasetId: targets.dataset.id,
        split: flags.split === 'all' ? null : (flags.split.toUpperCase() as 'TEST' | 'VAL' | 'TRAIN'),
      }).catch(engineError);
      const { evaluation } = outcome;
      io.out(`${outcome.status === 'queued' ? 'Queued' : 'Found'} evaluation ${evaluation.id}: ${targets.model.name} on ${targets.dataset.name}@${targets.dataset.version} (${evaluation.imageCount} images${evaluation.split ? `, ${evaluation.split.toLowerCase()} split` : ''})`);
      if (evaluation.status === 'SUCCEEDED') {
        for (const line of describeEvaluation(evaluation)) io.out(line);
        return 0;
      }
      if (flags.detach) return 0;
      const worker = await ensureWorker(prisma, { databaseUrl: db.url, env: io.env, out: io.out });
      try {
        const done = await waitForEvaluation(prisma, targets.team.id, evaluation.id, io, 500);
        if (done.status === 'QUEUED' || done.status === 'RUNNING') {
          io.out(`Stopped waiting; the evaluation goes on when a worker runs (rankfall worker).`);
          return 130;
        }
        for (const line of describeEvaluation(done)) io.out(line);
        return done.status === 'SUCCEEDED' ? 0 : 1;
      } finally {
        await worker?.stop();
      }
    });
  },
});
