import { type RgbImage } from '../../image-io/rgb-image';
import { type SeededRandom } from '../seeded-random';

/**
 * One graded distortion of the synthetic dataset. `parameter(s)` maps a strength s in (0, 1] (level /
 * levels) to the distortion's own parameter; `weight` is how much quality the strongest level removes
 * in the pseudo-MOS (see `pseudoMos`).
 */
export interface SyntheticDistortion<Id extends string = string> {
  readonly id: Id;
  readonly description: string;
  /** Name and unit of the parameter, for the README and the manifest. */
  readonly parameterName: string;
  readonly parameter: (strength: number) => number;
  /** Share of the 90-point pseudo-MOS span the strongest level takes away, in (0, 1]. */
  readonly weight: number;
  readonly apply: (image: RgbImage, parameter: number, rng: SeededRandom) => RgbImage | Promise<RgbImage>;
}
