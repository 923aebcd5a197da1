import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

/** NaN / +Inf / −Inf counts of one tensor. */
export interface NonFiniteCounts {
  readonly nan: number;
  readonly posInf: number;
  readonly negInf: number;
}

/** One tensor with non-finite values, as listed in `WeightsError.details.tensors`. */
export interface NonFiniteTensor extends NonFiniteCounts {
  readonly tensor: string;
}

/** Counts the NaN, +Infinity and −Infinity values of `data`. */
export function countNonFinite(data: Float32Array): NonFiniteCounts {
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as number;
    if (value - value === 0) continue; // finite: the fast path
    if (Number.isNaN(value)) nan++;
    else if (value > 0) posInf++;
    else negInf++;
  }
  return { nan, posInf, negInf };
}

/**
 * Refuses a weight map holding NaN or ±Infinity (a diverged training run, a corrupted or crafted
 * file, or float64 values beyond the float32 range): such a model scores NaN and its gradients are
 * useless. Throws NON_FINITE_WEIGHTS naming every such tensor with its counts (the first one in
 * `tensor`, all of them in `details.tensors`). `source` names the file or format in the message.
 */
export function assertFiniteWeights(map: WeightMap, source: string): void {
  const bad: NonFiniteTensor[] = [];
  for (const [tensor, { data }] of map) {
    const counts = countNonFinite(data);
    if (counts.nan + counts.posInf + counts.negInf > 0) bad.push({ tensor, ...counts });
  }
  const first = bad[0];
  if (first === undefined) return;
  const describe = ({ tensor, nan, posInf, negInf }: NonFiniteTensor): string =>
    `"${tensor}": ${[nan > 0 ? `${nan} NaN` : '', posInf > 0 ? `${posInf} +Inf` : '', negInf > 0 ? `${negInf} -Inf` : ''].filter(Boolean).join(', ')}`;
  throw new WeightsError(
    'NON_FINITE_WEIGHTS',
    `${source}: ${bad.length} tensor${bad.length === 1 ? '' : 's'} hold non-finite values (as float32): ${bad.map(describe).join('; ')}`,
    first.tensor,
    { tensors: bad },
  );
}
