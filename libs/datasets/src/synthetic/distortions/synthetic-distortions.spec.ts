import { describe, expect, it } from 'vitest';
import { type RgbImage } from '../../image-io/rgb-image';
import { renderReferenceScene } from '../reference-scene';
import { SeededRandom } from '../seeded-random';
import { reduceContrast } from './contrast-reduction.distortion';
import { gaussianBlur, gaussianKernel } from './gaussian-blur.distortion';
import { addGaussianNoise } from './gaussian-noise.distortion';
import { jpegRoundTrip } from './jpeg-compression.distortion';
import { quantize } from './quantization.distortion';
import { addSaltAndPepper } from './salt-and-pepper.distortion';
import { SYNTHETIC_DISTORTIONS } from './synthetic-distortions';

const constant = (value: number, size = 16): RgbImage => ({ data: new Float32Array(size * size * 3).fill(value), width: size, height: size, channels: 3 });
const scene = (label: string, size = 48): RgbImage => renderReferenceScene(new SeededRandom(label), size);

function stats(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    sq += values[i]! * values[i]!;
  }
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(Math.max(0, sq / values.length - mean * mean)) };
}

/** Mean absolute horizontal + vertical difference: a high-frequency energy measure. */
function gradientEnergy(image: RgbImage): number {
  const { width, height, data } = image;
  let sum = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      for (let c = 0; c < 3; c++) {
        const o = 3 * (y * width + x) + c;
        sum += Math.abs(data[o + 3]! - data[o]!) + Math.abs(data[o + 3 * width]! - data[o]!);
      }
    }
  }
  return sum / ((width - 1) * (height - 1) * 3);
}

function psnr(a: RgbImage, b: RgbImage): number {
  let se = 0;
  for (let i = 0; i < a.data.length; i++) se += (a.data[i]! - b.data[i]!) ** 2;
  return 10 * Math.log10(1 / (se / a.data.length));
}

describe('SYNTHETIC_DISTORTIONS registry', () => {
  it.each(Object.entries(SYNTHETIC_DISTORTIONS))('%s: id matches, weight in (0, 1], parameter moves monotonically away from "none"', (key, d) => {
    expect(d.id).toBe(key);
    expect(d.weight).toBeGreaterThan(0);
    expect(d.weight).toBeLessThanOrEqual(1);
    const values = [0.25, 0.5, 0.75, 1].map(d.parameter);
    const increasing = values.every((v, i) => i === 0 || v > values[i - 1]!);
    const decreasing = values.every((v, i) => i === 0 || v < values[i - 1]!);
    expect(increasing || decreasing, `${key}: ${values.join(', ')}`).toBe(true);
  });

  it.each(Object.values(SYNTHETIC_DISTORTIONS))('$id: stronger levels lower the PSNR to the reference (mean over 4 scenes)', async (d) => {
    const references = [0, 1, 2, 3].map((i) => scene(`psnr-${i}`));
    const meanPsnr: number[] = [];
    for (const s of [0.25, 0.5, 0.75, 1]) {
      let total = 0;
      for (const [i, ref] of references.entries()) total += psnr(ref, await d.apply(ref, d.parameter(s), new SeededRandom(`d-${i}`)));
      meanPsnr.push(total / references.length);
    }
    for (let i = 1; i < meanPsnr.length; i++) expect(meanPsnr[i]!, meanPsnr.map((v) => v.toFixed(2)).join(' > ')).toBeLessThan(meanPsnr[i - 1]!);
  });
});

describe('gaussianBlur', () => {
  it.each([0.5, 1, 2.5])('σ = %f: kernel sums to 1, a constant image is unchanged', (sigma) => {
    expect(gaussianKernel(sigma).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const out = gaussianBlur(constant(0.3), sigma);
    for (const v of out.data) expect(v).toBeCloseTo(0.3, 6);
  });

  it('removes high frequencies more as σ grows, keeps the mean, σ = 0 copies', () => {
    const ref = scene('blur');
    const energies = [0, 0.75, 1.5, 3].map((s) => gradientEnergy(gaussianBlur(ref, s)));
    expect(energies[0]).toBeCloseTo(gradientEnergy(ref), 12);
    for (let i = 1; i < energies.length; i++) expect(energies[i]!).toBeLessThan(energies[i - 1]!);
    expect(stats(gaussianBlur(ref, 2).data).mean).toBeCloseTo(stats(ref.data).mean, 2);
  });

  it('blurs a centred impulse into the separable Gaussian (peak = k0²)', () => {
    const img = constant(0, 15);
    const centre = 3 * (7 * 15 + 7);
    img.data[centre] = 1;
    const k = gaussianKernel(1);
    const out = gaussianBlur(img, 1);
    const r = (k.length - 1) / 2;
    expect(out.data[centre]).toBeCloseTo(k[r]! * k[r]!, 6);
    expect(out.data[centre + 3]).toBeCloseTo(k[r]! * k[r + 1]!, 6);
  });
});

describe('addGaussianNoise', () => {
  it.each([0.02, 0.08])('adds noise of standard deviation σ = %f to mid grey (±5 %%), mean 0', (sigma) => {
    const clean = constant(0.5, 64);
    const noisy = addGaussianNoise(clean, sigma, new SeededRandom('noise'));
    const diff = noisy.data.map((v, i) => v - clean.data[i]!);
    const { mean, std } = stats(diff);
    expect(Math.abs(std / sigma - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean)).toBeLessThan((3 * sigma) / Math.sqrt(diff.length));
  });

  it('clamps to [0, 1] and is reproducible', () => {
    const a = addGaussianNoise(constant(0.98), 0.3, new SeededRandom('n'));
    const b = addGaussianNoise(constant(0.98), 0.3, new SeededRandom('n'));
    expect(Math.max(...a.data)).toBeLessThanOrEqual(1);
    expect(Math.min(...a.data)).toBeGreaterThanOrEqual(0);
    expect(a.data).toEqual(b.data);
  });
});

describe('jpegRoundTrip', () => {
  it('is deterministic and worse at lower quality', async () => {
    const ref = scene('jpeg');
    const q80 = await jpegRoundTrip(ref, 80);
    expect((await jpegRoundTrip(ref, 80)).data).toEqual(q80.data);
    expect(psnr(ref, await jpegRoundTrip(ref, 10))).toBeLessThan(psnr(ref, q80));
  });
});

describe('reduceContrast', () => {
  it.each([0.8, 0.5, 0.2])('factor %f: keeps the mean and scales the standard deviation by the factor', (factor) => {
    const ref = scene('contrast');
    const before = stats(ref.data);
    const after = stats(reduceContrast(ref, factor).data);
    expect(after.mean).toBeCloseTo(before.mean, 5);
    expect(after.std / before.std).toBeCloseTo(factor, 4);
  });
});

describe('addSaltAndPepper', () => {
  it('changes about the requested fraction of pixels, to black or white on all channels', () => {
    const img = constant(0.5, 100);
    const out = addSaltAndPepper(img, 0.1, new SeededRandom('sp'));
    let hits = 0;
    let white = 0;
    for (let p = 0; p < 100 * 100; p++) {
      const [r, g, b] = [out.data[3 * p]!, out.data[3 * p + 1]!, out.data[3 * p + 2]!];
      if (r === 0.5) continue;
      expect([r, g]).toEqual([b, b]);
      expect([0, 1]).toContain(r);
      hits++;
      if (r === 1) white++;
    }
    // Binomial(10,000, 0.1): sd 30.
    expect(Math.abs(hits - 1000)).toBeLessThan(120);
    expect(Math.abs(white / hits - 0.5)).toBeLessThan(0.06);
  });
});

describe('quantize', () => {
  it.each([2, 4, 19])('%i levels: at most that many values, error ≤ half a step', (levels) => {
    const ref = scene('quant');
    const out = quantize(ref, levels);
    expect(new Set(out.data).size).toBeLessThanOrEqual(levels);
    const half = 0.5 / (levels - 1);
    for (let i = 0; i < ref.data.length; i++) expect(Math.abs(out.data[i]! - ref.data[i]!)).toBeLessThanOrEqual(half + 1e-6);
  });
});
