import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '@rankfall/metrics';
import type { IqaModel, ScoreRange } from '@rankfall/iqa-models';
import { createLinearScorer } from './linear-scorer';

export interface LinearFixture {
  readonly model: IqaModel;
  readonly images: tf.Tensor4D;
  /** Host copies, HWC per image, N images back to back. */
  readonly pixels: Float32Array;
  readonly weights: Float32Array;
  dispose(): void;
}

/**
 * A linear scorer with seeded weights of both signs (every 13th weight 0) and seeded images that include
 * pixels at 0, at 1 and within 0.002 of either bound, so clipping at [0,1] is exercised.
 */
export function createLinearFixture(options: {
  readonly n?: number;
  readonly size?: number;
  readonly seed?: number;
  readonly lowerBetter?: boolean;
  readonly scoreRange?: ScoreRange;
}): LinearFixture {
  const n = options.n ?? 2;
  const size = options.size ?? 16;
  const random = mulberry32(options.seed ?? 5);
  const count = size * size * 3;
  const weights = new Float32Array(count).map((_, i) => (i % 13 === 0 ? 0 : (random() - 0.5) * 0.02));
  const pixels = new Float32Array(n * count).map((_, i) => {
    if (i % 7 === 0) return 0;
    if (i % 11 === 0) return 1;
    if (i % 17 === 0) return 0.002;
    if (i % 19 === 0) return 0.998;
    return random();
  });
  const model = createLinearScorer({
    weights,
    height: size,
    width: size,
    lowerBetter: options.lowerBetter ?? false,
    ...(options.scoreRange ? { scoreRange: options.scoreRange } : {}),
  });
  const images = tf.tensor4d(pixels, [n, size, size, 3]);
  return {
    model,
    images,
    pixels,
    weights,
    dispose: () => {
      model.dispose();
      images.dispose();
    },
  };
}
