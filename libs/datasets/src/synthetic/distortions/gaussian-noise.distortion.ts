import { type RgbImage } from '../../image-io/rgb-image';
import { type SeededRandom } from '../seeded-random';
import { type SyntheticDistortion } from './synthetic-distortion';

/** Adds independent N(0, σ²) noise to every channel value, clamped to [0, 1]. */
export function addGaussianNoise(image: RgbImage, sigma: number, rng: SeededRandom): RgbImage {
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = image.data[i]! + sigma * rng.normal();
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return { ...image, data: out };
}

export const gaussianNoiseDistortion: SyntheticDistortion<'gaussian-noise'> = {
  id: 'gaussian-noise',
  description: 'additive white Gaussian noise per channel, clamped',
  parameterName: 'σ (fraction of full scale)',
  parameter: (s) => 0.15 * s,
  weight: 0.8,
  apply: (image, sigma, rng) => addGaussianNoise(image, sigma, rng),
};
