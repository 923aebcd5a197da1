import { seededUniform } from '../architectures/initial-weights';
import type { TrainingDataset, TrainingImage, TrainingSplit } from './training-dataset';

/**
 * A small in-memory dataset whose quality is learnable: each image is a smooth random colour
 * gradient plus Gaussian-like noise of level σ ∈ [0, 0.2] (sum of uniforms), clamped to [0,1];
 * MOS = 100·(1 − σ/0.2) on [0, 100], higher = better. Deterministic in `seed`.
 */
export function toyNoiseDataset(options: { readonly size: number; readonly counts: Readonly<Record<TrainingSplit, number>>; readonly seed: number }): TrainingDataset {
  const { size, counts, seed } = options;
  const random = seededUniform(seed);
  const images: TrainingImage[] = [];
  const splits = (['train', 'val', 'test'] as const).flatMap((split) => Array<TrainingSplit>(counts[split]).fill(split));
  splits.forEach((split, index) => {
    const sigma = 0.2 * random();
    const colour = [random(), random(), random()];
    const slope = [random() - 0.5, random() - 0.5, random() - 0.5];
    const data = new Float32Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) {
          const noise = (random() + random() + random() - 1.5) * 2 * sigma;
          const value = 0.25 + 0.5 * colour[c]! + (slope[c]! * (x + y)) / size + noise;
          data[(y * size + x) * 3 + c] = Math.min(1, Math.max(0, value));
        }
      }
    }
    images.push({ key: `toy-${index}.png`, data, height: size, width: size, mos: 100 * (1 - sigma / 0.2), split });
  });
  return { name: 'toy noise', version: `seed${seed}`, mosRange: [0, 100], lowerBetter: false, images };
}
