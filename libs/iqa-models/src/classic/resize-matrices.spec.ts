import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import { downscaleHalf, downscaleHalfByMatrices, matlabHalfMatrix, opencvHalfMatrix } from './resize-matrices';

beforeAll(async () => {
  await useWasmBackend();
});

describe('×½ resampling', () => {
  it.each([5, 8, 9, 16, 31])('matrix rows sum to 1 (n = %i)', (n) => {
    for (const [m, out] of [[matlabHalfMatrix(n), Math.ceil(n / 2)], [opencvHalfMatrix(n), Math.floor(n / 2)]] as const) {
      for (let i = 0; i < out; i++) expect(m.subarray(i * n, (i + 1) * n).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('MATLAB imresize(0.5) of a linear ramp keeps the ramp inside: out(i) = 2i + 0.5 (0-based)', () => {
    const m = matlabHalfMatrix(32);
    const row = (i: number): number => Array.from(m.subarray(i * 32, (i + 1) * 32)).reduce((s, w, j) => s + w * j, 0);
    expect(row(8)).toBeCloseTo(16.5, 5);
  });

  it.each([
    ['matlab-bicubic-antialias', 17, 24],
    ['matlab-bicubic-antialias', 24, 9],
    ['opencv-cubic', 17, 24],
    ['opencv-cubic', 10, 7],
  ] as const)('the stride-2 FIR equals the dense matrices (%s, %i×%i), values and gradients', (method, h, w) => {
    const x = tf.randomUniform([2, h, w], 0, 255, 'float32', 3) as tf.Tensor3D;
    const weights = tf.randomUniform([2, method === 'opencv-cubic' ? Math.floor(h / 2) : Math.ceil(h / 2), method === 'opencv-cubic' ? Math.floor(w / 2) : Math.ceil(w / 2)], -1, 1, 'float32', 4);
    const fir = downscaleHalf(x, method);
    const dense = downscaleHalfByMatrices(x, method);
    expect(fir.shape).toEqual(dense.shape);
    expect(tf.max(tf.abs(tf.sub(fir, dense))).dataSync()[0]).toBeLessThan(1e-3);
    const g1 = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(downscaleHalf(v as tf.Tensor3D, method), weights)))(x);
    const g2 = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(downscaleHalfByMatrices(v as tf.Tensor3D, method), weights)))(x);
    expect(tf.max(tf.abs(tf.sub(g1, g2))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, weights, fir, dense, g1, g2]);
  });
});
