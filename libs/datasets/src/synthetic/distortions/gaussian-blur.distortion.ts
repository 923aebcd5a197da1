import { type RgbImage } from '../../image-io/rgb-image';
import { type SyntheticDistortion } from './synthetic-distortion';

/** Normalised 1-D Gaussian kernel of radius ceil(3σ). */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  return kernel;
}

/** Mirror index into [0, n) without repeating the edge pixel (reflect-101, like OpenCV's default). */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  let j = i;
  while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
  return j;
}

/** Separable Gaussian blur with mirrored borders; σ ≤ 0 returns a copy. */
export function gaussianBlur(image: RgbImage, sigma: number): RgbImage {
  const { width, height, data } = image;
  if (sigma <= 0) return { ...image, data: Float32Array.from(data) };
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const tmp = new Float64Array(data.length);
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) acc += kernel[k + radius]! * data[3 * (y * width + reflect(x + k, width)) + c]!;
        tmp[3 * (y * width + x) + c] = acc;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) acc += kernel[k + radius]! * tmp[3 * (reflect(y + k, height) * width + x) + c]!;
        out[3 * (y * width + x) + c] = acc;
      }
    }
  }
  return { data: out, width, height, channels: 3 };
}

export const gaussianBlurDistortion: SyntheticDistortion<'gaussian-blur'> = {
  id: 'gaussian-blur',
  description: 'Gaussian blur, mirrored borders',
  parameterName: 'σ (pixels)',
  parameter: (s) => 3 * s,
  weight: 0.85,
  apply: (image, sigma) => gaussianBlur(image, sigma),
};
