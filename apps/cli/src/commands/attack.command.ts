import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { attackRegistry, perturbationMetrics, runAttack } from '@rankfall/attack-runner';
import { disconnectPrisma, getPrisma, resolveDatabase, withArtifactFile } from '@rankfall/db';
import { decodeImage, encodePng, rgbImageFromBytes, rgbImageToBytes } from '@rankfall/datasets';
import { catalog, createIqaModel, type IqaModel } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { ensureBackend } from '../services/compute-backend.service';
import { artifactStore, requireTeam } from '../services/dataset-import.service';

/** A catalog model (with --weights or its bundled file), or with --team a model registered in that team (its stored weights). */
async function loadModel(flags: { model: string; weights?: string | undefined; team?: string | undefined }, env: NodeJS.ProcessEnv): Promise<IqaModel> {
  if (!flags.team) {
    if (!Object.hasOwn(catalog, flags.model)) throw new CliError('INVALID_FLAG', `--model must be a catalog id (${catalogIds.join(', ')}), or a registered model name with --team, got '${flags.model}'`);
    return createIqaModel(flags.model, flags.weights ? { weights: flags.weights } : {});
  }
  if (flags.weights) throw new CliError('INVALID_FLAG', '--weights and --team exclude each other: a registered model brings its own weights');
  const db = await resolveDatabase({ env });
  try {
    const prisma = getPrisma(db.url);
    const team = await requireTeam(prisma, flags.team);
    const row = await prisma.model.findUnique({ where: { teamId_name: { teamId: team.id, name: flags.model } }, select: { catalogId: true, weightsArtifact: { select: { key: true } } } });
    if (!row) throw new CliError('FAILED', `No model named "${flags.model}" in team ${team.slug} (rankfall model list --team ${team.slug})`);
    const weights = row.weightsArtifact;
    return weights ? await withArtifactFile(artifactStore(env), weights.key, (path) => createIqaModel(row.catalogId, { weights: path })) : await createIqaModel(row.catalogId, {});
  } finally {
    await disconnectPrisma();
    await db.close();
  }
}

const attackIds = Object.keys(attackRegistry) as [string, ...string[]];
const catalogIds = Object.keys(catalog) as [string, ...string[]];

function parseConfig(raw: string | undefined): unknown {
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new CliError('INVALID_FLAG', `--config: not JSON (${(error as Error).message}); e.g. --config '{"epsilon":0.01}'`);
  }
}

export const attackCommand = defineCommand({
  name: 'attack',
  summary: 'Attack image files with a catalog or registered model: saves the 8-bit adversarial PNGs and reports scores, L∞, PSNR, SSIM of the saved images',
  usage: 'attack --attack <id> --model <catalog id | registered name> [--weights <file>] [--team slug] --image <file> [--image …] --out <folder> [--config <json>] [--target N] [--seed N]',
  details: [
    `--attack   one of: ${attackIds.join(', ')} (defaults are each paper's values; see the README table)`,
    '--config   JSON overriding config fields, validated by the attack\'s schema (errors name the field)',
    '--target   targeted attacks (sma-stage2): the target score for every image, in the model\'s units',
    '--team     take --model as a model registered in this team (rankfall model list --team …) with its stored weights',
    'To attack a dataset split and record everything as a run, use `rankfall run create` instead.',
    'Each image is attacked on its own; the reported score is the one of the saved 8-bit PNG (the float result too).',
    'Ctrl-C stops between iterations; finished images are kept.',
  ],
  options: {
    attack: { type: 'string' },
    model: { type: 'string' },
    weights: { type: 'string' },
    team: { type: 'string' },
    image: { type: 'string', multiple: true },
    out: { type: 'string' },
    config: { type: 'string' },
    target: { type: 'string' },
    seed: { type: 'string', default: '0' },
  },
  flags: z.object({
    attack: z.enum(attackIds, { message: `expected one of ${attackIds.join(', ')}` }),
    model: z.string().min(1),
    weights: z.string().min(1).optional(),
    team: z.string().min(1).optional(),
    image: z.array(z.string().min(1)).min(1, 'at least one --image'),
    out: z.string().min(1, 'required'),
    config: z.string().optional(),
    target: z.coerce.number().refine(Number.isFinite, 'must be a number').optional(),
    seed: z.coerce.number().int().min(0),
  }),
  async run(flags, io) {
    const backend = await ensureBackend(io.env);
    const config = parseConfig(flags.config);
    const controller = new AbortController();
    void io.untilStopped().then(() => controller.abort());
    await mkdir(flags.out, { recursive: true });
    const model = await loadModel(flags, io.env);
    const report: unknown[] = [];
    try {
      io.out(`${flags.attack} on ${flags.model} (${model.lowerBetter ? 'lower' : 'higher'} is better), backend ${backend.backend}`);
      for (const path of flags.image) {
        if (controller.signal.aborted) break;
        const image = await decodeImage(path);
        const x = tf.tensor4d(image.data, [1, image.height, image.width, 3]);
        try {
          const result = await runAttack({
            attack: flags.attack,
            config,
            model,
            images: x,
            ...(flags.target !== undefined ? { targets: [flags.target] } : {}),
            seed: flags.seed,
            signal: controller.signal,
          });
          const adversarial = rgbImageFromBytes(rgbImageToBytes({ data: result.adversarial.dataSync() as Float32Array, height: image.height, width: image.width, channels: 3 }), image.width, image.height);
          result.adversarial.dispose();
          result.perturbation?.dispose();
          const quantised = tf.tensor4d(adversarial.data, [1, image.height, image.width, 3]);
          const savedScore = tf.tidy(() => model.score(quantised).dataSync()[0] ?? Number.NaN);
          quantised.dispose();
          const outPath = join(flags.out, `${basename(path, extname(path))}.${flags.attack}.png`);
          await writeFile(outPath, await encodePng(adversarial));
          // The saved 8-bit PNG's distance to the clean image is what is reported (the float result's beside it).
          const [metrics] = perturbationMetrics(image.data, adversarial.data, [1, image.height, image.width, 3]);
          const floatMetrics = result.perImage[0];
          const clean = result.cleanScores[0] ?? Number.NaN;
          io.out(
            `  ${basename(path)}: score ${clean.toFixed(3)} → ${(result.finalScores[0] ?? Number.NaN).toFixed(3)} (float) → ${savedScore.toFixed(3)} (8-bit PNG); L∞ ${metrics?.linf.toFixed(4)} (float ${floatMetrics?.linf.toFixed(4)}), PSNR ${metrics?.psnr.toFixed(2)} dB (float ${floatMetrics?.psnr.toFixed(2)}), SSIM ${metrics?.ssim?.toFixed(4) ?? "n/a"} (of the saved PNG), ${result.iterations} iterations in ${(result.timing.totalMs / 1000).toFixed(1)} s → ${outPath}`,
          );
          report.push({ image: path, output: outPath, cleanScore: clean, attackedScoreFloat: result.finalScores[0], attackedScore: savedScore, ...metrics, float: floatMetrics, trajectory: result.trajectory.map((row) => row[0]), config: result.config, timingMs: result.timing.totalMs });
        } finally {
          x.dispose();
        }
      }
    } finally {
      model.dispose();
      await writeFile(join(flags.out, 'report.json'), `${JSON.stringify({ attack: flags.attack, model: flags.model, backend: backend.backend, results: report }, null, 2)}\n`);
    }
    if (controller.signal.aborted) {
      io.out(`Stopped: ${report.length} of ${flags.image.length} images finished (kept in ${flags.out}).`);
      return 130;
    }
    return 0;
  },
});
