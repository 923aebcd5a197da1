import { type RgbImage } from '../../image-io/rgb-image';
import { type SyntheticDistortion } from './synthetic-distortion';

/** Pulls every value towards the image mean: m + factor · (x − m); factor 1 = unchanged. */
export function reduceContrast(image: RgbImage, factor: number): RgbImage {
  const { data } = image;
  let sum = 0;
  for (const v of data) sum += v;
  const mean = sum / data.length;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = mean + factor * (data[i]! - mean);
  return { ...image, data: out };
}

export const contrastReductionDistortion: SyntheticDistortion<'contrast'> = {
  id: 'contrast',
  description: 'contrast reduction towards the mean grey level',
  parameterName: 'remaining contrast factor',
  parameter: (s) => 1 - 0.8 * s,
  weight: 0.65,
  apply: (image, factor) => reduceContrast(image, factor),
};
