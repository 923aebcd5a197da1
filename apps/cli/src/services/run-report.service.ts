import { findRunMetrics, findRunStages, type PrismaClient, type RunSummary } from '@rankfall/db';

type Metric = Awaited<ReturnType<typeof findRunMetrics>>[number];

const PAIRS = [
  ['MOS_CLEAN', 'MOS ↔ clean'],
  ['MOS_ATTACKED', 'MOS ↔ attacked'],
  ['CLEAN_ATTACKED', 'clean ↔ attacked'],
  ['CLEAN_TARGET', 'clean ↔ target'],
] as const;

const fixed = (value: number | null | undefined, digits = 3) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

/**
 * The correlations that tell the story, one line each, with 95 % CIs. When the model's direction differs from
 * the dataset's labels (a DMOS-like model, lower = better, on MOS labels, or the reverse), a correlation with
 * MOS is shown sign-flipped and labelled, so a good model reads positive everywhere.
 */
export function formatRunMetrics(metrics: readonly Metric[], directions: { modelLowerBetter: boolean; labelsLowerBetter: boolean }): string[] {
  const opposite = directions.modelLowerBetter !== directions.labelsLowerBetter;
  const get = (name: string, reference: string) => metrics.find((m) => m.name === name && m.reference === reference);
  const lines: string[] = [];
  for (const [reference, label] of PAIRS) {
    const s = get('srocc', reference);
    if (!s) continue;
    const p = get('plcc', reference);
    const flip = opposite && reference.startsWith('MOS_') ? -1 : 1;
    const ci = (m: Metric | undefined) => (m?.ciLow == null || m.ciHigh == null ? '' : ` [${fixed(Math.min(flip * m.ciLow, flip * m.ciHigh))}, ${fixed(Math.max(flip * m.ciLow, flip * m.ciHigh))}]`);
    lines.push(`    ${label.padEnd(18)} SROCC ${fixed(flip * s.value)}${ci(s)}  PLCC ${fixed(p ? flip * p.value : null)}${flip < 0 ? '  (sign flipped: the model and the labels run in opposite directions)' : ''}`);
  }
  const extra = [
    ['psnr_mean', 'NONE', 'mean PSNR', ' dB', 2],
    ['ssim_mean', 'NONE', 'mean SSIM', '', 4],
    ['linf_max', 'NONE', 'max L∞', '', 4],
    ['r_robustness', 'CLEAN_ATTACKED', 'R', '', 3],
  ] as const;
  const parts = extra.flatMap(([name, reference, label, unit, digits]) => {
    const m = get(name, reference);
    return m ? [`${label} ${fixed(m.value, digits)}${unit}`] : [];
  });
  if (parts.length) lines.push(`    ${parts.join(', ')} (of the saved 8-bit images)`);
  const outside = (name: string) => get(name, 'NONE')?.value ?? 0;
  if (outside('clean_out_of_range_count') > 0 || outside('attacked_out_of_range_count') > 0) {
    lines.push(
      `    warning: ${outside('clean_out_of_range_count')} clean and ${outside('attacked_out_of_range_count')} attacked scores lie outside the model's declared range [${get('score_range_lo', 'NONE')?.value ?? '?'}, ${get('score_range_hi', 'NONE')?.value ?? '?'}] (R and the SMA bounds assume it)`,
    );
  }
  return lines;
}

/** SMA stage 1's check as one line: a failed stage 1 must never look like a weak attack. */
export function formatStage1Check(summary: unknown): string | null {
  const s = summary as { sroccCleanTarget?: number; images?: number; iterations?: number; atLowerBound?: number; atUpperBound?: number; preset?: string; softRankEps?: number; initialBlocks?: number } | null;
  if (!s || typeof s.sroccCleanTarget !== 'number') return null;
  const hint =
    s.sroccCleanTarget >= 0 && (s.preset ?? 'paper') === 'paper'
      ? `; the paper's soft-rank ε is tuned for ~232 images: try --config '{"preset":"set-scaled"}' (docs/sma-stage1-study.md)`
      : '';
  const verdict = s.sroccCleanTarget < 0 ? 'ranking reversed' : `ranking NOT reversed: stage 2 cannot make the set anti-correlated${hint}`;
  return `    stage 1 check: SROCC(clean, target) ${fixed(s.sroccCleanTarget, 4)} (${verdict}); ${s.atLowerBound ?? 0} of ${s.images ?? '?'} targets at the lower bound, ${s.atUpperBound ?? 0} at the upper; ${s.iterations ?? '?'} iterations, preset ${s.preset ?? 'paper'} (soft-rank ε ${s.softRankEps !== undefined ? Number(s.softRankEps.toPrecision(4)) : '?'}${s.initialBlocks !== undefined ? `, ${s.initialBlocks} soft-rank block${s.initialBlocks === 1 ? '' : 's'} at the start` : ''})`;
}

/** UAP's training stage as one line: what the one perturbation was learnt on, and how large it came out. */
export function formatUapTraining(summary: unknown): string | null {
  const s = summary as { trainSplit?: string; trainImages?: number; epochs?: number; steps?: number; epsilon?: number; linf?: number; meanAbs?: number; epochMeanScores?: number[] } | null;
  if (!s || typeof s.trainImages !== 'number') return null;
  const scores = s.epochMeanScores ?? [];
  const trend = scores.length ? `; mean train score per epoch ${scores.map((v) => fixed(v, 2)).join(' → ')}` : '';
  return `    uap training: ${s.trainImages} ${String(s.trainSplit ?? '?').toLowerCase()} images, ${s.epochs ?? '?'} epochs (${s.steps ?? '?'} batches); ‖δ‖∞ ${fixed(s.linf ?? Number.NaN, 5)} of ε ${s.epsilon ?? '?'}, mean |δ| ${fixed(s.meanAbs ?? Number.NaN, 5)}${trend}`;
}

/** Everything `rankfall run status` prints about a run. */
export async function describeRun(prisma: PrismaClient, teamId: string, run: RunSummary): Promise<string[]> {
  const stages = await findRunStages(prisma, teamId, run.id);
  const lines = [
    `Run ${run.id}${run.name ? ` "${run.name}"` : ''}: ${run.attackId} on ${run.dataset.name}@${run.dataset.version}${run.split ? ` (${run.split.toLowerCase()} split)` : ''} with ${run.model.name}, ${run.imageCount} images, seed ${run.seed}${run.budgetEpsilon !== null ? `, ε ${run.budgetEpsilon}` : ''}`,
    `    status ${run.status.toLowerCase()} (${Math.round(run.progress * 100)} %)${run.progressMessage ? `: ${run.progressMessage}` : ''}${run.backend ? `; backend ${run.backend}` : ''}${run.shardCount > 1 ? `; ${run.shardCount} shards` : ''}`,
    `    stages: ${stages.map((s) => `${s.kind.toLowerCase().replace('_', '-')} ${s.status.toLowerCase()}${s.status === 'RUNNING' ? ` ${Math.round(s.progress * 100)} %` : ''}`).join(', ')}`,
  ];
  if (run.errorCode) lines.push(`    failed: [${run.errorCode}] ${run.errorMessage ?? ''}`);
  const check = formatStage1Check(stages.find((s) => s.kind === 'TARGETS')?.summary);
  if (check) lines.push(check);
  const uap = formatUapTraining(stages.find((s) => s.kind === 'TRAIN_UAP')?.summary);
  if (uap) lines.push(uap);
  lines.push(...formatRunMetrics(await findRunMetrics(prisma, teamId, run.id), { modelLowerBetter: run.model.lowerBetter, labelsLowerBetter: run.dataset.lowerBetter }));
  return lines;
}
