import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGENET_NORMALIZATION, normalizeInput } from './normalize-input';

describe('normalizeInput', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    { pixel: [0.485, 0.456, 0.406], expected: [0, 0, 0] },
    { pixel: [0, 0, 0], expected: [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225] },
    { pixel: [1, 1, 1], expected: [0.515 / 0.229, 0.544 / 0.224, 0.594 / 0.225] },
  ])('maps $pixel to $expected with ImageNet statistics', ({ pixel, expected }) => {
    const out = tf.tidy(() => normalizeInput(tf.tensor4d(pixel, [1, 1, 1, 3]), IMAGENET_NORMALIZATION).dataSync());
    expected.forEach((value, i) => expect(out[i]).toBeCloseTo(value, 5));
  });
});
