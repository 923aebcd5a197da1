import { describe, expect, it } from 'vitest';
import { type RgbImage } from '../image-io/rgb-image';
import { renderReferenceScene } from './reference-scene';
import { SeededRandom } from './seeded-random';

function meanColour(image: RgbImage): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sum[i % 3]! += image.data[i]!;
  const n = image.width * image.height;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

function meanAbsGradient(image: RgbImage): number {
  const { width, data } = image;
  let sum = 0;
  let n = 0;
  for (let i = 0; i + 3 < data.length; i++) {
    if (Math.floor(i / 3) % width === width - 1) continue;
    sum += Math.abs(data[i + 3]! - data[i]!);
    n++;
  }
  return sum / n;
}

describe('renderReferenceScene', () => {
  const root = new SeededRandom('scenes');
  const scenes = Array.from({ length: 24 }, (_, i) => renderReferenceScene(root.derive('scene', i), 64));

  it('is deterministic and in [0, 1]', () => {
    const again = renderReferenceScene(new SeededRandom('scenes').derive('scene', 5), 64);
    expect(again.data).toEqual(scenes[5]!.data);
    for (const s of scenes) {
      expect([s.width, s.height, s.data.length]).toEqual([64, 64, 64 * 64 * 3]);
      expect(Math.min(...s.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...s.data)).toBeLessThanOrEqual(1);
    }
  });

  it('gives every scene edges and texture (mean |gradient| > 0.01)', () => {
    for (const s of scenes) expect(meanAbsGradient(s)).toBeGreaterThan(0.01);
  });

  it('gives different scenes: every pair differs by a mean absolute difference > 0.05, and colours vary', () => {
    let smallest = Infinity;
    for (let a = 0; a < scenes.length; a++) {
      for (let b = a + 1; b < scenes.length; b++) {
        let d = 0;
        for (let i = 0; i < scenes[a]!.data.length; i++) d += Math.abs(scenes[a]!.data[i]! - scenes[b]!.data[i]!);
        smallest = Math.min(smallest, d / scenes[a]!.data.length);
      }
    }
    expect(smallest).toBeGreaterThan(0.05);
    const reds = scenes.map((s) => meanColour(s)[0]);
    expect(Math.max(...reds) - Math.min(...reds)).toBeGreaterThan(0.25);
  });
});
