import { type RgbImage } from '../../image-io/rgb-image';
import { type SeededRandom } from '../seeded-random';
import { type SyntheticDistortion } from './synthetic-distortion';

/** Sets a fraction `density` of pixels (all three channels) to black or white, half each on average. */
export function addSaltAndPepper(image: RgbImage, density: number, rng: SeededRandom): RgbImage {
  const out = Float32Array.from(image.data);
  const pixels = image.width * image.height;
  for (let p = 0; p < pixels; p++) {
    if (!rng.chance(density)) continue;
    const v = rng.chance(0.5) ? 1 : 0;
    out[3 * p] = v;
    out[3 * p + 1] = v;
    out[3 * p + 2] = v;
  }
  return { ...image, data: out };
}

export const saltAndPepperDistortion: SyntheticDistortion<'salt-and-pepper'> = {
  id: 'salt-and-pepper',
  description: 'impulse noise: random pixels set to black or white',
  parameterName: 'fraction of pixels',
  parameter: (s) => 0.1 * s,
  weight: 0.75,
  apply: (image, density, rng) => addSaltAndPepper(image, density, rng),
};
