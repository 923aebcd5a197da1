import { MetricsError, plcc, srocc } from '@rankfall/metrics';
import type { TrainingConfig } from './training.config';

/** How the model does on one split: whole-image scores against the targets (MOS on the model's scale). */
export interface SplitEvaluation {
  readonly count: number;
  /** The task loss (`mse` or `l1`, as configured) of the whole-image scores. */
  readonly loss: number;
  /** null when undefined: fewer than 3 images, or constant scores. */
  readonly srocc: number | null;
  readonly plcc: number | null;
}

function correlationOrNull(metric: typeof srocc, x: Float64Array, y: Float64Array): number | null {
  try {
    return metric(x, y);
  } catch (error) {
    if (error instanceof MetricsError && (error.code === 'CONSTANT_INPUT' || error.code === 'TOO_FEW_SAMPLES')) return null;
    throw error;
  }
}

/**
 * SROCC, PLCC and the task loss of `predictions` against `targets` (the MOS mapped onto the model's
 * score scale and direction by `mosToScoreTarget`, so the correlations equal those against the
 * published MOS up to their sign, and are positive for a good model).
 */
export function evaluateSplit(predictions: Float64Array, targets: Float64Array, loss: TrainingConfig['loss']): SplitEvaluation {
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    const error = predictions[i]! - targets[i]!;
    sum += loss === 'mse' ? error * error : Math.abs(error);
  }
  return {
    count: predictions.length,
    loss: predictions.length === 0 ? Number.NaN : sum / predictions.length,
    srocc: correlationOrNull(srocc, predictions, targets),
    plcc: correlationOrNull(plcc, predictions, targets),
  };
}
