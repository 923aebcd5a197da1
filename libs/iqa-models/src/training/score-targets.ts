import type { ScoreRange } from '../iqa-model';
import { TrainingError } from './training-error';

/** The facts of a label scale: its range and direction. */
export interface LabelScale {
  readonly range: readonly [lo: number, hi: number];
  readonly lowerBetter: boolean;
}

/**
 * The training target of a MOS on the model's score scale: the MOS is mapped linearly from the
 * dataset's `mosRange` onto the model's `scoreRange`, and the direction is inverted when the two
 * disagree (a DMOS dataset, lower = better, trained into a higher-is-better model maps its best
 * value `lo` to the model's `hi`, and the other way round):
 *
 *     u = (mos − lo_d) / (hi_d − lo_d)          (position on the dataset scale, 0…1)
 *     target = lo_m + u · (hi_m − lo_m)          same direction
 *     target = hi_m − u · (hi_m − lo_m)          opposite directions
 *
 * So correlations of model scores with these targets are positive for a good model whatever the
 * two directions. Throws INVALID_LABELS for an empty range or a MOS outside it.
 */
export function mosToScoreTarget(mos: number, dataset: LabelScale, model: { readonly scoreRange: ScoreRange; readonly lowerBetter: boolean }): number {
  const [dLo, dHi] = dataset.range;
  const [mLo, mHi] = model.scoreRange;
  if (!(dLo < dHi) || !(mLo < mHi)) {
    throw new TrainingError('INVALID_LABELS', `empty range: dataset [${dLo}, ${dHi}], model [${mLo}, ${mHi}]`);
  }
  if (!Number.isFinite(mos) || mos < dLo || mos > dHi) {
    throw new TrainingError('INVALID_LABELS', `MOS ${mos} is outside the dataset range [${dLo}, ${dHi}]`);
  }
  const u = (mos - dLo) / (dHi - dLo);
  return dataset.lowerBetter === model.lowerBetter ? mLo + u * (mHi - mLo) : mHi - u * (mHi - mLo);
}
