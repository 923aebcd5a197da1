import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldBatchNorm } from './batch-norm-inference';
import { OpsError } from './ops-error';

describe('foldBatchNorm', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives conv + BN (inference) as a single conv', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const b = tf.tensor1d([0.1, -0.2, 0.3, 0]);
      const bn = {
        gamma: tf.tensor1d([1.5, 0.5, -1, 2]),
        beta: tf.tensor1d([0, 1, -1, 0.25]),
        mean: tf.tensor1d([0.2, -0.1, 0, 1]),
        variance: tf.tensor1d([1, 4, 0.25, 0.01]),
        epsilon: 1e-5,
      };
      const conv = tf.add(tf.conv2d(x, w, 1, 'same'), b);
      const expected = tf.add(tf.mul(tf.div(tf.sub(conv, bn.mean), tf.sqrt(tf.add(bn.variance, 1e-5))), bn.gamma), bn.beta);
      const folded = foldBatchNorm(w, b, bn);
      const actual = tf.add(tf.conv2d(x, folded.filter, 1, 'same'), folded.bias);
      const err = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!;
      const scale = tf.max(tf.abs(expected)).dataSync()[0]!;
      expect(err / scale).toBeLessThan(1e-6);
    });
  });

  it.each([
    { gamma: 2, variance: 3, mean: 1, beta: 0.5, bias: 4, w: 1, wFolded: 2 / Math.sqrt(3 + 1e-5), bFolded: (3 * 2) / Math.sqrt(3 + 1e-5) + 0.5 },
    { gamma: 1, variance: 1, mean: 0, beta: 0, bias: 0, w: -3, wFolded: -3 / Math.sqrt(1 + 1e-5), bFolded: 0 },
  ])('folds scalars in closed form (γ=$gamma var=$variance)', ({ gamma, variance, mean, beta, bias, w, wFolded, bFolded }) => {
    tf.tidy(() => {
      const folded = foldBatchNorm(tf.tensor2d([[w]]), tf.tensor1d([bias]), {
        gamma: tf.tensor1d([gamma]),
        beta: tf.tensor1d([beta]),
        mean: tf.tensor1d([mean]),
        variance: tf.tensor1d([variance]),
        epsilon: 1e-5,
      });
      expect(folded.filter.dataSync()[0]).toBeCloseTo(wFolded, 6);
      expect(folded.bias.dataSync()[0]).toBeCloseTo(bFolded, 5);
    });
  });

  it('treats a null bias as zero and rejects mismatched channel counts', () => {
    tf.tidy(() => {
      const bn = {
        gamma: tf.tensor1d([1, 1]),
        beta: tf.tensor1d([0, 0]),
        mean: tf.tensor1d([1, 2]),
        variance: tf.tensor1d([1, 1]),
        epsilon: 0,
      };
      expect(Array.from(foldBatchNorm(tf.ones([1, 2]), null, bn).bias.dataSync())).toEqual([-1, -2]);
      expect(() => foldBatchNorm(tf.ones([1, 3]), null, bn)).toThrow(OpsError);
    });
  });
});
