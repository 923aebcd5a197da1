import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { globalMaxMinPooling } from './global-extrema-pooling';
import { useWasmBackend } from './testing/use-wasm-backend';

describe('globalMaxMinPooling', () => {
  it.each(['cpu', 'wasm'])('equals [max ‖ min] with the stock gradient when extrema are unique (%s)', async (backend) => {
    if (backend === 'wasm') await useWasmBackend();
    else await tf.setBackend('cpu');
    const x = tf.randomNormal([3, 5, 4, 6], 0, 1, 'float32', 1) as tf.Tensor4D;
    const weights = tf.randomNormal([3, 12], 0, 1, 'float32', 2);
    const stock = (t: tf.Tensor): tf.Tensor => tf.concat([tf.max(t, [1, 2]), tf.min(t, [1, 2])], 1);
    const before = tf.memory().numTensors;
    const ours = globalMaxMinPooling(x);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(globalMaxMinPooling(t as tf.Tensor4D), weights)))(x);
    const values = [ours.dataSync(), g.dataSync()];
    tf.dispose([ours, g]);
    expect(tf.memory().numTensors).toBe(before);
    const reference = stock(x);
    expect(Array.from(values[0] as Float32Array)).toEqual(Array.from(reference.dataSync()));
    const gStock = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(stock(t), weights)))(x);
    // (+ 0 turns the stock gradient's -0 into 0)
    expect(Array.from(values[1] as Float32Array, (v) => v + 0)).toEqual(Array.from(gStock.dataSync(), (v) => v + 0));
    tf.dispose([reference, gStock, x, weights]);
  });

  it('sends the gradient of a tied extremum to its first position only (as PyTorch max_pool2d)', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor4d([2, 2, 0, 1], [1, 2, 2, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(globalMaxMinPooling(t as tf.Tensor4D)))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 0, 1, 0]);
    tf.dispose([x, g]);
  });

  it('differentiates when its input is an intermediate disposed by an inner tidy', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor4d([1, 3, 2, 0], [1, 2, 2, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.tidy(() => globalMaxMinPooling(tf.mul(t, 2) as tf.Tensor4D))))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 2, 0, 2]);
    tf.dispose([x, g]);
  });
});
