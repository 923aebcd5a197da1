import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@rankfall/attack-runner';
import { generateSyntheticDataset } from '@rankfall/datasets';
import {
  architectures,
  catalog,
  isExportableModel,
  loadTrainingDataset,
  saveTrainedModel,
  trainingConfigSchema,
  trainModel,
  type ArchitectureDefinition,
  type CatalogEntry,
  type IqaModelFacts,
  type TrainingConfigInput,
  type TrainingDataset,
  type TrainingProgress,
} from '@rankfall/iqa-models';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';

const defaults = trainingConfigSchema.parse({});
const config = trainingConfigSchema.shape;

/** An optional numeric flag checked against the training config's own bounds (the error names the flag). */
const numberFlag = (schema: z.ZodType<number, number>) => z.coerce.number().pipe(schema).optional();

const flagsSchema = z
  .object({
    architecture: z.string().min(1, 'required: an architecture id or a catalog model id'),
    data: z.string().min(1).optional(),
    synthetic: z.boolean(),
    'synthetic-seed': z.coerce.number().int().min(0).max(4_294_967_295),
    'synthetic-references': z.coerce.number().int().min(3).max(5000),
    'mos-range': z
      .string()
      .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'expected lo,hi (e.g. 1,5)')
      .transform((value) => value.split(',').map(Number) as [number, number])
      .refine(([lo, hi]) => lo < hi, 'expected lo < hi')
      .optional(),
    'lower-better': z.boolean(),
    epochs: numberFlag(config.epochs.unwrap()),
    lr: numberFlag(config.learningRate.unwrap()),
    batch: numberFlag(config.batchSize.unwrap()),
    patch: numberFlag(config.patchSize.unwrap()),
    'patches-per-image': numberFlag(config.patchesPerImage.unwrap()),
    loss: config.loss.unwrap().optional(),
    schedule: config.schedule.unwrap().optional(),
    nt: z.boolean(),
    'nt-weight': numberFlag(z.number().min(0).max(1e6)),
    'nt-h': numberFlag(z.number().positive().max(1)),
    seed: z.coerce.number().int().min(0).max(4_294_967_295),
    out: z.string().min(1, 'required').endsWith('.safetensors', 'must end in .safetensors'),
  })
  .superRefine((flags, ctx) => {
    if ((flags.data === undefined) === !flags.synthetic) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'give either --data <folder> or --synthetic (one of them)' });
    }
    if (flags['mos-range'] !== undefined && flags.data === undefined) {
      ctx.addIssue({ code: 'custom', path: ['mos-range'], message: 'only with --data (a folder without manifest.json)' });
    }
    if (!flags.nt && (flags['nt-weight'] !== undefined || flags['nt-h'] !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [flags['nt-weight'] !== undefined ? 'nt-weight' : 'nt-h'], message: 'only with --nt' });
    }
  });

type ModelTrainFlags = z.output<typeof flagsSchema>;

interface ResolvedArchitecture {
  readonly architectureId: string;
  readonly architecture: ArchitectureDefinition;
  /** The catalog entry whose facts (score range, direction, normalisation, input) the model is trained under. */
  readonly entry: CatalogEntry;
}

const catalogEntries: readonly CatalogEntry[] = Object.values(catalog);

/** An architecture id (facts from the first catalog entry built on it) or a catalog id (its architecture and facts). */
function resolveArchitecture(id: string): ResolvedArchitecture {
  const registry: Record<string, ArchitectureDefinition> = architectures;
  const byArchitecture = Object.hasOwn(registry, id) ? catalogEntries.find((entry) => entry.architecture === id) : undefined;
  const entry = byArchitecture ?? catalogEntries.find((candidate) => candidate.id === id);
  if (entry === undefined) {
    throw new CliError(
      'INVALID_FLAG',
      `--architecture: unknown "${id}" (architectures: ${Object.keys(registry).join(', ')}; catalog models: ${catalogEntries.map((e) => e.id).join(', ')})`,
    );
  }
  return { architectureId: entry.architecture, architecture: registry[entry.architecture]!, entry };
}

function trainingConfig(flags: ModelTrainFlags): TrainingConfigInput {
  return {
    seed: flags.seed,
    ...(flags.epochs !== undefined && { epochs: flags.epochs }),
    ...(flags.lr !== undefined && { learningRate: flags.lr }),
    ...(flags.batch !== undefined && { batchSize: flags.batch }),
    ...(flags.patch !== undefined && { patchSize: flags.patch }),
    ...(flags['patches-per-image'] !== undefined && { patchesPerImage: flags['patches-per-image'] }),
    ...(flags.loss !== undefined && { loss: flags.loss }),
    ...(flags.schedule !== undefined && { schedule: flags.schedule }),
    nt: {
      enabled: flags.nt,
      ...(flags['nt-weight'] !== undefined && { weight: flags['nt-weight'] }),
      ...(flags['nt-h'] !== undefined && { h: flags['nt-h'] }),
    },
  };
}

/** The command line that reproduces this run, every training setting spelled out. */
function canonicalCommand(flags: ModelTrainFlags, architecture: string, resolved: ReturnType<typeof trainingConfigSchema.parse>): string {
  const parts = ['rankfall model train', `--architecture ${architecture}`];
  if (flags.data !== undefined) {
    parts.push(`--data ${flags.data}`);
    if (flags['mos-range']) parts.push(`--mos-range ${flags['mos-range'].join(',')}`);
    if (flags['lower-better']) parts.push('--lower-better');
  } else {
    parts.push(`--synthetic --synthetic-seed ${flags['synthetic-seed']} --synthetic-references ${flags['synthetic-references']}`);
  }
  parts.push(`--epochs ${resolved.epochs} --lr ${resolved.learningRate} --batch ${resolved.batchSize} --patch ${resolved.patchSize}`);
  parts.push(`--patches-per-image ${resolved.patchesPerImage} --loss ${resolved.loss} --schedule ${resolved.schedule}`);
  if (resolved.nt.enabled) parts.push(`--nt --nt-weight ${resolved.nt.weight} --nt-h ${resolved.nt.h}`);
  parts.push(`--seed ${resolved.seed} --out ${flags.out}`);
  return parts.join(' ');
}

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - 60 * minutes)} s`;
}

const fixed = (value: number | null, digits = 4): string => (value === null ? 'n/a' : value.toFixed(digits));

function progressLine(progress: Extract<TrainingProgress, { kind: 'epoch' }>): string {
  const { record, epochs, etaSeconds } = progress;
  const nt = record.ntPenalty === null ? '' : ` (task ${record.taskLoss.toFixed(2)}, R_NT ${record.ntPenalty.toPrecision(4)})`;
  const val = record.val === null ? 'val n/a' : `val SROCC ${fixed(record.val.srocc)} PLCC ${fixed(record.val.plcc)}`;
  return `epoch ${record.epoch}/${epochs}  loss ${record.loss.toFixed(2)}${nt}  ${val}  elapsed ${duration(record.elapsedSeconds)}  ETA ${duration(etaSeconds)}`;
}

async function loadDataset(flags: ModelTrainFlags, out: (line: string) => void): Promise<{ dataset: TrainingDataset; seed: number | null; cleanup: () => Promise<void> }> {
  if (flags.data !== undefined) {
    const dataset = await loadTrainingDataset(flags.data, {
      ...(flags['mos-range'] && { mosRange: flags['mos-range'] }),
      lowerBetter: flags['lower-better'],
      splitSeed: flags.seed,
    });
    return { dataset, seed: null, cleanup: async () => undefined };
  }
  const dir = await mkdtemp(join(tmpdir(), 'rankfall-train-synthetic-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const seed = flags['synthetic-seed'];
    await generateSyntheticDataset({ outDir: dir, seed, references: flags['synthetic-references'] });
    const dataset = await loadTrainingDataset(dir);
    out(`Synthetic dataset: seed ${seed}, ${flags['synthetic-references']} scenes (generated in ${dir}, removed afterwards)`);
    return { dataset, seed, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export const modelTrainCommand = defineCommand({
  name: 'model train',
  summary: 'Train an NR-IQA model (e.g. the demo CNN) on a folder dataset or the synthetic one, optionally with the NT defense; saves safetensors + a .training.json record',
  usage:
    'model train --architecture <id> (--data <folder> [--mos-range LO,HI] [--lower-better] | --synthetic [--synthetic-seed N] [--synthetic-references N]) [--epochs N] [--lr X] [--batch N] [--patch N] [--patches-per-image N] [--loss mse|l1] [--schedule constant|cosine] [--nt] [--nt-weight X] [--nt-h X] [--seed N] --out <path.safetensors>',
  details: [
    '--architecture ID       an architecture (compact-cnn, cnniqa, ...) or a catalog model (rankfall-demo-cnn, ...);',
    '                        the score range, direction and normalisation come from the catalog entry',
    '--data FOLDER           images + MOS table: the synthetic layout (manifest.json, mos.csv, images/) or a generic',
    '                        folder with one filename,mos[,std,split] CSV; rows without a split are split 70/15/15 by --seed',
    '--mos-range LO,HI       scale of a generic folder\'s MOS (required without manifest.json); --lower-better for DMOS',
    '--synthetic             generate the synthetic dataset in a temporary folder (--synthetic-seed, default 1;',
    '                        --synthetic-references, default 24 scenes)',
    `--epochs N (${defaults.epochs})  --lr X (${defaults.learningRate})  --batch N images/step (${defaults.batchSize})  --patch N px (${defaults.patchSize})`,
    `--patches-per-image N (${defaults.patchesPerImage})  --loss mse|l1 (${defaults.loss})  --schedule constant|cosine (${defaults.schedule}): learning rate`,
    '--seed N (1)            initial weights, image order, patches, flips (and the split of unlabelled --data rows)',
    `--nt                    NT defense (Liu et al. CVPR 2024): loss + w·½mean(d²); --nt-weight w (${defaults.nt.weight}), --nt-h h (${defaults.nt.h})`,
    '--out PATH              weights (.safetensors); PATH with .training.json instead is the training record',
    'RANKFALL_BACKEND        TF.js backend (default: the first available of node-gpu, node, webgpu, wasm, cpu)',
  ],
  options: {
    architecture: { type: 'string', default: '' },
    data: { type: 'string' },
    synthetic: { type: 'boolean', default: false },
    'synthetic-seed': { type: 'string', default: '1' },
    'synthetic-references': { type: 'string', default: '24' },
    'mos-range': { type: 'string' },
    'lower-better': { type: 'boolean', default: false },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    batch: { type: 'string' },
    patch: { type: 'string' },
    'patches-per-image': { type: 'string' },
    loss: { type: 'string' },
    schedule: { type: 'string' },
    nt: { type: 'boolean', default: false },
    'nt-weight': { type: 'string' },
    'nt-h': { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: '' },
  },
  flags: flagsSchema,
  async run(flags, io) {
    const started = performance.now();
    const { architectureId, architecture, entry } = resolveArchitecture(flags.architecture);
    const config = trainingConfigSchema.parse(trainingConfig(flags));
    const name = flags.out.replace(/^.*[\\/]/, '').replace(/\.safetensors$/, '');
    const backend = await selectBackend({ env: io.env });
    io.out(`Backend: ${backend.backend}`);
    const { dataset, seed, cleanup } = await loadDataset(flags, (line) => io.out(line));
    await cleanup();
    const counts = { train: 0, val: 0, test: 0 };
    for (const image of dataset.images) counts[image.split] += 1;
    io.out(`Dataset: ${dataset.name} ${dataset.version}: ${counts.train} train / ${counts.val} val / ${counts.test} test images`);
    const facts: IqaModelFacts = { id: name, lowerBetter: entry.lowerBetter, scoreRange: entry.scoreRange, input: entry.input, normalization: entry.normalization };
    const model = architecture.build(architecture.initialWeights(flags.seed), facts);
    try {
      if (!isExportableModel(model)) throw new CliError('FAILED', `architecture ${architectureId} cannot export its weights`);
      const parameters = model.trainableVariables.reduce((sum, variable) => sum + variable.size, 0);
      io.out(
        `Training ${name} (${architectureId}, ${parameters} parameters, facts of ${entry.id}): ${config.epochs} epochs, batch ${config.batchSize}, patch ${config.patchSize}, lr ${config.learningRate}, loss ${config.loss}${config.nt.enabled ? `, NT defense w ${config.nt.weight} h ${config.nt.h}` : ''}`,
      );
      const result = await trainModel(model, dataset, config, { onProgress: (progress) => progress.kind === 'epoch' && io.out(progressLine(progress)) });
      io.out(`Test SROCC ${fixed(result.test.srocc)}  PLCC ${fixed(result.test.plcc)}  (${result.test.count} images, whole-image scores)`);
      const saved = await saveTrainedModel({
        path: flags.out,
        model,
        architecture: architectureId,
        result,
        dataset: { name: dataset.name, version: dataset.version, seed, mosRange: dataset.mosRange, lowerBetter: dataset.lowerBetter },
        initSeed: flags.seed,
        commandLine: canonicalCommand(flags, flags.architecture, config),
      });
      const bytes = (await stat(saved.weightsPath)).size;
      io.out(`Saved ${saved.weightsPath} (${(bytes / 1024).toFixed(0)} KiB) and ${saved.sidecarPath}`);
      io.out(`Wall time ${duration((performance.now() - started) / 1000)} (training ${duration(result.wallSeconds)}) on ${result.backend}`);
    } finally {
      model.dispose();
    }
    return 0;
  },
});
