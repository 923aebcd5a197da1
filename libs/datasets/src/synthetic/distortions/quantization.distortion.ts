import { type RgbImage } from '../../image-io/rgb-image';
import { type SyntheticDistortion } from './synthetic-distortion';

/** Rounds every channel to `levels` evenly spaced values in [0, 1] (posterisation / banding). */
export function quantize(image: RgbImage, levels: number): RgbImage {
  const steps = Math.max(1, Math.round(levels) - 1);
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(image.data[i]! * steps) / steps;
  return { ...image, data: out };
}

export const quantizationDistortion: SyntheticDistortion<'quantization'> = {
  id: 'quantization',
  description: 'colour quantisation (posterisation) per channel',
  parameterName: 'levels per channel',
  parameter: (s) => Math.max(2, Math.round(2 + 30 * (1 - s) ** 2)),
  weight: 0.8,
  apply: (image, levels) => quantize(image, levels),
};
