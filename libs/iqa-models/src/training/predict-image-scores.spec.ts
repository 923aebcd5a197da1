import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputSpec, IqaModel } from '../iqa-model';
import type { PatchSource } from './patch-sampler';
import { predictImageScores } from './predict-image-scores';
import { TrainingError } from './training-error';

/** score = 100 · mean of the image (and records every batch shape it was given). */
function meanModel(input: InputSpec): IqaModel & { calls: number[][] } {
  const calls: number[][] = [];
  return {
    id: 'mean',
    lowerBetter: false,
    scoreRange: [0, 100],
    input,
    normalization: null,
    calls,
    score: (images) => {
      calls.push(images.shape);
      return tf.tidy(() => tf.mul(tf.mean(images, [1, 2, 3]), 100) as tf.Tensor1D);
    },
    trainableVariables: [],
    dispose: () => undefined,
  };
}

function image(key: string, height: number, width: number, value: (y: number, x: number, c: number) => number): PatchSource {
  const data = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = value(y, x, c);
  return { key, data, height, width };
}

function meanOf(source: PatchSource, top: number, left: number, h: number, w: number): number {
  let sum = 0;
  for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) for (let c = 0; c < 3; c++) sum += source.data[(y * source.width + x) * 3 + c]!;
  return sum / (h * w * 3);
}

describe('predictImageScores', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('scores whole images, batching consecutive images of one size up to the batch size', () => {
    const model = meanModel({ kind: 'any', minSize: 1 });
    const images = [
      image('a', 4, 5, (y, x) => (y + x) / 10),
      image('b', 4, 5, (_, x, c) => c / 4 + x / 20),
      image('c', 4, 5, () => 0.5),
      image('d', 3, 3, (y) => y / 3),
      image('e', 4, 5, () => 0.25),
    ];
    const before = tf.memory().numTensors;
    const scores = predictImageScores(model, images, 2);
    expect(tf.memory().numTensors).toBe(before);
    images.forEach((source, i) => expect(scores[i]).toBeCloseTo(100 * meanOf(source, 0, 0, source.height, source.width), 4));
    expect(model.calls).toEqual([
      [2, 4, 5, 3],
      [1, 4, 5, 3],
      [1, 3, 3, 3],
      [1, 4, 5, 3],
    ]);
  });

  it('patch-based models get the whole image too (they average over their own patches)', () => {
    const model = meanModel({ kind: 'patches', patchSize: 2, stride: 2 });
    const source = image('p', 6, 4, (y, x) => (y * x) / 24);
    expect(predictImageScores(model, [source], 8)[0]).toBeCloseTo(100 * meanOf(source, 0, 0, 6, 4), 4);
    expect(model.calls).toEqual([[1, 6, 4, 3]]);
  });

  it('fixed-size models: mean over crops tiling the image, the last ones flush with the border', () => {
    const model = meanModel({ kind: 'fixed', height: 4, width: 4 });
    const source = image('f', 5, 9, (y, x, c) => (y * 9 + x + c) / 60);
    // rows start at 0 and 1 (5 − 4), columns at 0, 4 and 5 (9 − 4)
    const crops = [0, 1].flatMap((top) => [0, 4, 5].map((left) => meanOf(source, top, left, 4, 4)));
    const expected = (100 * crops.reduce((a, b) => a + b, 0)) / crops.length;
    expect(predictImageScores(model, [source], 8)[0]).toBeCloseTo(expected, 4);
    expect(model.calls).toEqual([[6, 4, 4, 3]]);
    expect(() => predictImageScores(model, [image('small', 3, 9, () => 0)], 8)).toThrow(TrainingError);
  });
});
