import { bootstrapCi } from './bootstrap-ci';
import { krocc } from './krocc';
import { mae } from './mae';
import { MetricsError } from './metrics-error';
import type { NumericArray } from './numeric-array';
import { plcc } from './plcc';
import { rmse } from './rmse';
import { robustnessScore } from './robustness-score';
import { scoreRangeViolations } from './score-range-violations';
import { srocc } from './srocc';

/** Which two score vectors a metric compares (the order of the words is the order of the arguments). */
export type SummaryReference = 'MOS_CLEAN' | 'MOS_ATTACKED' | 'CLEAN_ATTACKED' | 'CLEAN_TARGET' | 'NONE';

export interface SummaryMetric {
  readonly name: string;
  readonly reference: SummaryReference;
  readonly value: number;
  /** 95 % bootstrap interval (paired resampling of images, seeded), null where not computed. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
}

export interface AttackSummaryInput {
  readonly mos: NumericArray;
  readonly clean: NumericArray;
  readonly attacked: NumericArray;
  /** SMA stage-1 targets, when the attack has them. */
  readonly targets?: NumericArray;
  /**
   * The model's declared score range (catalog `scoreRange`): R's headroom is measured against it, and
   * scores outside it are counted (`clean_out_of_range_count`, `attacked_out_of_range_count`).
   */
  readonly scoreRange: readonly [number, number];
  /** Per-image perturbation metrics, averaged. */
  readonly perImage?: { readonly psnr: NumericArray; readonly ssim: NumericArray; readonly linf: NumericArray };
  readonly seed?: number;
  readonly resamples?: number;
}

const mean = (values: NumericArray) => Array.from(values).reduce((a, b) => a + b, 0) / Math.max(values.length, 1);

/**
 * Every metric a run reports (SMA.md §6), each computed between the pair it names: correlations
 * (SROCC, KROCC, PLCC) with 95 % bootstrap CIs for MOS↔clean, MOS↔attacked, clean↔attacked (and
 * clean↔target for SMA), RMSE/MAE of the score change, the R robustness score, and mean PSNR / SSIM /
 * L∞. Correlations are raw: against a DMOS-like dataset a good model's SROCC is negative.
 */
export function summarizeAttack(input: AttackSummaryInput): SummaryMetric[] {
  const n = input.clean.length;
  if (input.mos.length !== n || input.attacked.length !== n || (input.targets && input.targets.length !== n)) {
    throw new MetricsError('LENGTH_MISMATCH', `summarizeAttack: mos (${input.mos.length}), clean (${n}), attacked (${input.attacked.length}) must have one value per image`);
  }
  const seed = input.seed ?? 919;
  const resamples = input.resamples ?? 1000;
  const metrics: SummaryMetric[] = [];
  const pairs: Array<[SummaryReference, NumericArray, NumericArray]> = [
    ['MOS_CLEAN', input.mos, input.clean],
    ['MOS_ATTACKED', input.mos, input.attacked],
    ['CLEAN_ATTACKED', input.clean, input.attacked],
  ];
  if (input.targets) pairs.push(['CLEAN_TARGET', input.clean, input.targets]);
  const correlations = { srocc, krocc, plcc } as const;
  for (const [reference, a, b] of pairs) {
    for (const [name, statistic] of Object.entries(correlations)) {
      const ci = bootstrapCi((x, y) => statistic(x as Float64Array, y as Float64Array), [a, b], { seed, resamples, onDegenerate: 'skip' });
      metrics.push({ name, reference, value: ci.estimate, ciLow: ci.lower, ciHigh: ci.upper });
    }
  }
  metrics.push({ name: 'rmse', reference: 'CLEAN_ATTACKED', value: rmse(input.clean, input.attacked), ciLow: null, ciHigh: null });
  metrics.push({ name: 'mae', reference: 'CLEAN_ATTACKED', value: mae(input.clean, input.attacked), ciLow: null, ciHigh: null });
  const scoreRange = [input.scoreRange[0], input.scoreRange[1]] as const;
  metrics.push({ name: 'r_robustness', reference: 'CLEAN_ATTACKED', value: robustnessScore(input.clean, input.attacked, { scoreRange }), ciLow: null, ciHigh: null });
  const plain = (name: string, value: number): SummaryMetric => ({ name, reference: 'NONE', value, ciLow: null, ciHigh: null });
  metrics.push(plain('score_range_lo', scoreRange[0]), plain('score_range_hi', scoreRange[1]));
  metrics.push(plain('clean_out_of_range_count', scoreRangeViolations(input.clean, scoreRange).count));
  metrics.push(plain('attacked_out_of_range_count', scoreRangeViolations(input.attacked, scoreRange).count));
  if (input.perImage) {
    metrics.push({ name: 'psnr_mean', reference: 'NONE', value: mean(input.perImage.psnr), ciLow: null, ciHigh: null });
    metrics.push({ name: 'ssim_mean', reference: 'NONE', value: mean(input.perImage.ssim), ciLow: null, ciHigh: null });
    metrics.push({ name: 'linf_max', reference: 'NONE', value: Math.max(...Array.from(input.perImage.linf)), ciLow: null, ciHigh: null });
  }
  return metrics;
}
