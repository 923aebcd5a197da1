import { describe, expect, it } from 'vitest';
import { seededUniform } from '../architectures/initial-weights';
import { copyPatch, drawPatchPlacement, samplePatchBatch, type PatchSource } from './patch-sampler';
import { TrainingError } from './training-error';

/** pixel (y, x, c) = base + 1000·y + 10·x + c: every value says where it comes from. */
function codedImage(height: number, width: number, base = 0): PatchSource {
  const data = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = base + 1000 * y + 10 * x + c;
  return { key: `coded-${height}x${width}`, data, height, width };
}

/** A fixed sequence of "random" numbers. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('patch sampler', () => {
  it.each([
    { draws: [0, 0, 0.9], flip: true, expected: { top: 0, left: 0, flipped: false } },
    { draws: [0.999, 0.999, 0.1], flip: true, expected: { top: 3, left: 5, flipped: true } },
    { draws: [0.5, 0.25, 0.1], flip: false, expected: { top: 2, left: 1, flipped: false } },
  ])('places a 4×4 patch in an 7×9 image from draws $draws (flip $flip)', ({ draws, flip, expected }) => {
    expect(drawPatchPlacement(7, 9, 4, flip, sequence(...draws))).toEqual(expected);
  });

  it('copies exactly the crop, mirrored left–right when flipped', () => {
    const image = codedImage(7, 9);
    const size = 3;
    for (const flipped of [false, true]) {
      const out = new Float32Array(5 + size * size * 3).fill(-1);
      copyPatch(image, { top: 2, left: 4, flipped }, size, out, 5);
      expect([...out.subarray(0, 5)]).toEqual([-1, -1, -1, -1, -1]);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const sourceX = 4 + (flipped ? size - 1 - x : x);
          for (let c = 0; c < 3; c++) expect(out[5 + (y * size + x) * 3 + c]).toBe(1000 * (2 + y) + 10 * sourceX + c);
        }
      }
    }
  });

  it('reaches every corner position and flips about half of the patches', () => {
    const random = seededUniform(7);
    const seen = new Set<string>();
    let flips = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const p = drawPatchPlacement(6, 5, 4, true, random);
      seen.add(`${p.top},${p.left}`);
      if (p.flipped) flips += 1;
    }
    expect(seen.size).toBe(3 * 2);
    expect(Math.abs(flips / n - 0.5)).toBeLessThan(0.03);
  });

  it('builds [N·P, s, s, 3] batches deterministically from the seed, patches of image i first', () => {
    const images = [codedImage(8, 8), codedImage(10, 12, 100_000)];
    const a = samplePatchBatch(images, 4, 3, true, seededUniform(3));
    const b = samplePatchBatch(images, 4, 3, true, seededUniform(3));
    const c = samplePatchBatch(images, 4, 3, true, seededUniform(4));
    expect(a.length).toBe(2 * 3 * 4 * 4 * 3);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // patches 0–2 come from the first image (values < 100000), patches 3–5 from the second
    const patchLength = 4 * 4 * 3;
    for (let p = 0; p < 6; p++) {
      const values = [...a.subarray(p * patchLength, (p + 1) * patchLength)];
      if (p < 3) expect(Math.max(...values)).toBeLessThan(100_000);
      else expect(Math.min(...values)).toBeGreaterThanOrEqual(100_000);
    }
  });

  it('refuses an image smaller than the patch, naming it (INVALID_PATCH)', () => {
    const call = () => samplePatchBatch([codedImage(8, 8), codedImage(5, 12)], 6, 1, false, seededUniform(1));
    expect(call).toThrow(TrainingError);
    expect(call).toThrow(/coded-5x12 is 5×12, smaller than the 6×6/);
  });
});
