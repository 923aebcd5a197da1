import { disconnectPrisma, getPrisma, resolveDatabase } from '@rankfall/db';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { artifactStore, requireTeam } from '../services/dataset-import.service';
import { formatSmaSummary, runLocalSma } from '../services/local-sma-run.service';
import { ensureBackend } from '../services/model-check.service';
import { loadRegisteredModel } from '../services/registered-model.service';

export const smaRunCommand = defineCommand({
  name: 'sma run',
  summary: 'Run SMA (both stages) with a registered model on a dataset split, in this process, and record it as a run',
  usage: 'sma run --model <name> --dataset <name> [--version V] [--split test|val|train|all] [--team slug] [--iterations N] [--epsilon E]',
  details: [
    'Stage 1 and stage 2 use the paper\'s defaults (SMA.md); --iterations, --epsilon, --alpha, --steps override them.',
    'Every finished image is recorded at once (score, target, attacked score of the saved 8-bit PNG, L∞, PSNR, SSIM,',
    'trajectory); Ctrl-C stops between images and keeps them. Metrics with 95 % bootstrap CIs are stored on the run.',
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
  },
  flags: z.object({
    model: z.string().min(1, 'required'),
    dataset: z.string().min(1, 'required'),
    version: z.string().min(1).optional(),
    split: z.enum(['test', 'val', 'train', 'all']),
    team: z.string().min(1),
    iterations: z.coerce.number().int().min(1).optional(),
    epsilon: z.coerce.number().positive().max(1).optional(),
    alpha: z.coerce.number().positive().max(1).optional(),
    steps: z.coerce.number().int().min(1).optional(),
  }),
  async run(flags, io) {
    const backend = await ensureBackend(io.env);
    const db = await resolveDatabase({ env: io.env });
    const controller = new AbortController();
    void io.untilStopped().then(() => controller.abort());
    try {
      const prisma = getPrisma(db.url);
      const team = await requireTeam(prisma, flags.team);
      const datasets = await prisma.dataset.findMany({ where: { teamId: team.id, name: flags.dataset, ...(flags.version ? { version: flags.version } : {}) }, select: { id: true, version: true }, orderBy: { createdAt: 'desc' } });
      const dataset = datasets[0];
      if (!dataset) throw new CliError('FAILED', `No dataset "${flags.dataset}"${flags.version ? ` version ${flags.version}` : ''} in team ${team.slug} (rankfall dataset list)`);
      const store = artifactStore();
      const { id: modelId, model } = await loadRegisteredModel(prisma, store, team.id, flags.model);
      try {
        const outcome = await runLocalSma({
          prisma,
          store,
          teamId: team.id,
          model,
          modelId,
          datasetId: dataset.id,
          split: flags.split === 'all' ? null : (flags.split.toUpperCase() as 'TEST' | 'VAL' | 'TRAIN'),
          stage1: flags.iterations ? { iterations: flags.iterations } : {},
          stage2: { ...(flags.epsilon ? { epsilon: flags.epsilon } : {}), ...(flags.alpha ? { alpha: flags.alpha } : {}), ...(flags.steps ? { steps: flags.steps } : {}) },
          backend,
          signal: controller.signal,
          out: io.out,
        });
        if (outcome.status === 'CANCELLED') {
          io.out(`Cancelled: ${outcome.finished} of ${outcome.total} images kept in run ${outcome.run.id}.`);
          return 130;
        }
        io.out(`Run ${outcome.run.id} succeeded:`);
        for (const line of formatSmaSummary(outcome.metrics)) io.out(line);
      } finally {
        model.dispose();
      }
    } finally {
      await disconnectPrisma();
      await db.close();
    }
    return 0;
  },
});
