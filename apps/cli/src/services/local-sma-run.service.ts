import { attackConfigRegistry, runSma, smaStage1ConfigSchema, type BackendSelection, type SmaImage, type SmaStage1ConfigInput } from '@rankfall/attack-runner';
import { createRun, listDatasetImages, recordArtifact, replaceRunMetrics, updateRunProgress, upsertImageResult, type LocalArtifactStore, type PrismaClient, type RunSummary } from '@rankfall/db';
import { decodeImage, encodePng, rgbImageFromBytes } from '@rankfall/datasets';
import type { IqaModel } from '@rankfall/iqa-models';
import { summarizeAttack, type SummaryMetric } from '@rankfall/metrics';
import { CliError } from '../cli-error';

export interface LocalSmaRunInput {
  prisma: PrismaClient;
  store: LocalArtifactStore;
  teamId: string;
  createdById?: string | null;
  model: IqaModel;
  modelId: string;
  datasetId: string;
  split: 'TRAIN' | 'VAL' | 'TEST' | null;
  stage1?: SmaStage1ConfigInput;
  stage2?: Record<string, unknown>;
  backend: BackendSelection;
  name?: string;
  signal?: AbortSignal;
  out: (line: string) => void;
}

export interface LocalSmaRunOutcome {
  run: RunSummary;
  status: 'SUCCEEDED' | 'CANCELLED';
  metrics: SummaryMetric[];
  finished: number;
  total: number;
}

/**
 * Runs SMA on a dataset split in this process and records everything as a Run: stages, one keyed
 * ImageResult per image as soon as it is finished (with its 8-bit adversarial PNG in the artifact
 * store), and the run metrics. A cancelled or failed run keeps every finished image.
 */
export async function runLocalSma(input: LocalSmaRunInput): Promise<LocalSmaRunOutcome> {
  const { prisma, store, out } = input;
  const rows = await listDatasetImages(prisma, input.teamId, input.datasetId, input.split ?? undefined);
  if (rows.length < 3) throw new CliError('FAILED', `SMA needs at least 3 images; the dataset${input.split ? ` split ${input.split.toLowerCase()}` : ''} has ${rows.length}`);
  const stage1 = smaStage1ConfigSchema.parse({ scoreRange: [input.model.scoreRange[0], input.model.scoreRange[1]], ...input.stage1 });
  const stage2Parsed = attackConfigRegistry['sma-stage2'].schema.safeParse(input.stage2 ?? {});
  if (!stage2Parsed.success) throw new CliError('INVALID_FLAG', `stage 2 config: ${stage2Parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const stage2 = stage2Parsed.data;

  const run = await createRun(prisma, {
    teamId: input.teamId,
    createdById: input.createdById ?? null,
    name: input.name ?? null,
    modelId: input.modelId,
    datasetId: input.datasetId,
    split: input.split,
    attackId: 'sma',
    config: { stage1: { ...stage1, scoreRange: [...stage1.scoreRange], snapshots: [...stage1.snapshots] }, stage2 },
    seed: stage1.seed,
    budgetNorm: 'linf',
    budgetEpsilon: stage2.epsilon,
    stages: ['CLEAN_SCORING', 'TARGETS', 'PERTURB', 'AGGREGATE'],
    backend: input.backend.backend,
    environment: { backend: input.backend.backend, tfBackend: input.backend.tfBackend, threads: input.backend.threads, node: process.version },
  });
  out(`    run ${run.id}: SMA on ${rows.length} images (stage 1: ${stage1.iterations} iterations; stage 2: ε ${stage2.epsilon}, α ${stage2.alpha}, ${stage2.steps} steps)`);
  await updateRunProgress(prisma, run.id, { status: 'RUNNING', progress: 0, message: 'scoring clean images', stage: { kind: 'CLEAN_SCORING', status: 'RUNNING' } });

  const images: SmaImage[] = [];
  for (const row of rows) {
    if (!row.artifact) throw new CliError('FAILED', `image ${row.key} has no stored bytes (re-import the dataset)`);
    const decoded = await decodeImage(store.pathOf(row.artifact.key));
    images.push({ key: row.id, data: decoded.data, height: decoded.height, width: decoded.width });
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  let finished = 0;
  let lastStage = '';
  try {
    const result = await runSma({
      model: input.model,
      images,
      stage1,
      stage2,
      ...(input.signal ? { signal: input.signal } : {}),
      onProgress: async (progress) => {
        if (progress.stage !== lastStage) {
          if (lastStage === 'clean-scoring') await updateRunProgress(prisma, run.id, { stage: { kind: 'CLEAN_SCORING', status: 'SUCCEEDED', progress: 1 } });
          if (lastStage === 'targets') await updateRunProgress(prisma, run.id, { stage: { kind: 'TARGETS', status: 'SUCCEEDED', progress: 1 } });
          const kind = progress.stage === 'clean-scoring' ? 'CLEAN_SCORING' : progress.stage === 'targets' ? 'TARGETS' : 'PERTURB';
          await updateRunProgress(prisma, run.id, { message: progress.stage, stage: { kind, status: 'RUNNING' } });
          lastStage = progress.stage;
        }
        if (progress.stage !== 'perturb') return;
        const r = progress.result;
        const image = byId.get(r.key);
        if (!image) return;
        const png = await encodePng(rgbImageFromBytes(r.adversarialRgb, image.width, image.height));
        const stored = await store.putBytes(png);
        const artifactId = await recordArtifact(prisma, { teamId: input.teamId, kind: 'ADVERSARIAL_IMAGE', sha256: stored.sha256, key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'image/png' });
        await upsertImageResult(prisma, {
          runId: run.id,
          imageId: image.id,
          cleanScore: r.cleanScore,
          targetScore: r.targetScore,
          attackedScoreFloat: r.attackedScoreFloat,
          attackedScore: r.attackedScore,
          linf: r.metrics.linf,
          l2: r.metrics.l2,
          psnr: Number.isFinite(r.metrics.psnr) ? r.metrics.psnr : null,
          ssim: r.metrics.ssim,
          trajectory: r.trajectory,
          durationMs: Math.round(r.durationMs),
          adversarialArtifactId: artifactId,
        });
        finished = progress.done;
        await updateRunProgress(prisma, run.id, { progress: 0.1 + 0.85 * (progress.done / progress.total), message: `perturbed ${progress.done}/${progress.total}`, stage: { kind: 'PERTURB', progress: progress.done / progress.total } });
        if (progress.done === progress.total || progress.done % Math.max(1, Math.floor(progress.total / 5)) === 0) out(`    perturbed ${progress.done}/${progress.total}`);
      },
    });
    await updateRunProgress(prisma, run.id, { message: 'aggregating', stage: { kind: 'PERTURB', status: 'SUCCEEDED', progress: 1 } });
    await updateRunProgress(prisma, run.id, { stage: { kind: 'AGGREGATE', status: 'RUNNING' } });
    const mos = result.results.map((r) => byId.get(r.key)?.mos ?? Number.NaN);
    const metrics = summarizeAttack({
      mos,
      clean: result.results.map((r) => r.cleanScore),
      attacked: result.results.map((r) => r.attackedScore),
      targets: result.results.map((r) => r.targetScore),
      scoreRange: [input.model.scoreRange[0], input.model.scoreRange[1]],
      perImage: { psnr: result.results.map((r) => (Number.isFinite(r.metrics.psnr) ? r.metrics.psnr : 100)), ssim: result.results.map((r) => r.metrics.ssim ?? 1), linf: result.results.map((r) => r.metrics.linf) },
      seed: stage1.seed,
    });
    await replaceRunMetrics(prisma, run.id, metrics);
    await updateRunProgress(prisma, run.id, { status: 'SUCCEEDED', progress: 1, message: 'done', stage: { kind: 'AGGREGATE', status: 'SUCCEEDED', progress: 1 } });
    return { run, status: 'SUCCEEDED', metrics, finished: result.results.length, total: rows.length };
  } catch (error) {
    const cancelled = (error as { code?: string }).code === 'CANCELLED';
    await updateRunProgress(prisma, run.id, {
      status: cancelled ? 'CANCELLED' : 'FAILED',
      message: cancelled ? `cancelled after ${finished} images` : 'failed',
    });
    if (!cancelled) {
      await prisma.run.update({ where: { id: run.id }, data: { errorCode: (error as { code?: string }).code ?? 'UNEXPECTED', errorMessage: error instanceof Error ? error.message.slice(0, 2000) : String(error) } });
      throw error;
    }
    return { run, status: 'CANCELLED', metrics: [], finished, total: rows.length };
  }
}

/** The three correlations that tell the story, as one line each. */
export function formatSmaSummary(metrics: readonly SummaryMetric[]): string[] {
  const get = (name: string, reference: string) => metrics.find((m) => m.name === name && m.reference === reference);
  const line = (label: string, reference: string) => {
    const s = get('srocc', reference);
    const p = get('plcc', reference);
    return `    ${label.padEnd(18)} SROCC ${s?.value.toFixed(3)} [${s?.ciLow?.toFixed(3)}, ${s?.ciHigh?.toFixed(3)}]  PLCC ${p?.value.toFixed(3)}`;
  };
  return [
    line('MOS ↔ clean', 'MOS_CLEAN'),
    line('MOS ↔ attacked', 'MOS_ATTACKED'),
    line('clean ↔ attacked', 'CLEAN_ATTACKED'),
    `    mean PSNR ${get('psnr_mean', 'NONE')?.value.toFixed(2)} dB, mean SSIM ${get('ssim_mean', 'NONE')?.value.toFixed(4)}, max L∞ ${get('linf_max', 'NONE')?.value.toFixed(4)}, R ${get('r_robustness', 'CLEAN_ATTACKED')?.value.toFixed(3)}`,
  ];
}
