import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from './initial-weights';
import { pilGrayscale } from './pil-grayscale';

/** PIL's rgb2l in C: L24(rgb) = (r·19595 + g·38470 + b·7471 + 0x8000) >> 16, integer arithmetic. */
function pilL(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

describe('pilGrayscale (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("equals PIL's integer conversion on 8-bit inputs (corners + 20,000 random pixels)", () => {
    const random = seededUniform(3);
    const pixels: [number, number, number][] = [
      [0, 0, 0],
      [255, 255, 255],
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [1, 2, 3],
      [128, 128, 127],
    ];
    for (let i = 0; i < 20_000; i++) pixels.push([0, 0, 0].map(() => Math.floor(random() * 256)) as [number, number, number]);
    const input = Float32Array.from(pixels.flat().map((v) => v / 255));
    const gray = tf.tidy(() => pilGrayscale(tf.tensor4d(input, [1, 1, pixels.length, 3])).mul(255).dataSync());
    const mismatches = pixels.filter(([r, g, b], i) => gray[i] !== pilL(r, g, b));
    expect(mismatches).toEqual([]);
  });

  it('quantises in-between values as saving to 8 bits would, and clamps', () => {
    const gray = tf.tidy(() => pilGrayscale(tf.tensor4d([100.4 / 255, 100.4 / 255, 100.4 / 255, 1.2, 1.2, 1.2, -0.1, -0.1, -0.1], [1, 1, 3, 3])).mul(255).dataSync());
    expect(Array.from(gray)).toEqual([100, 255, 0]);
  });

  it('has the straight-through gradient (0.299, 0.587, 0.114)', () => {
    const gradient = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(pilGrayscale(x as tf.Tensor4D)))(tf.fill([1, 2, 2, 3], 0.3) as tf.Tensor4D).dataSync());
    expect(Array.from(gradient.slice(0, 3))).toEqual(Array.from(Float32Array.from([0.299, 0.587, 0.114])));
  });
});
