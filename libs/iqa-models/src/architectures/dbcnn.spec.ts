import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IqaModelFacts } from '../iqa-model';
import { IMAGENET_NORMALIZATION } from '../ops/normalize-input';
import { applyNameMap } from '../weights/name-map';
import type { WeightMap } from '../weights/weight-map';
import { dbcnnArchitecture, DBCNN_DESCRIPTOR, type DbcnnModel } from './dbcnn';
import { useWasmBackend } from './testing/use-wasm-backend';

const facts: IqaModelFacts = {
  id: 'dbcnn-test',
  lowerBetter: false,
  scoreRange: [0, 100],
  input: { kind: 'any', minSize: 16 },
  normalization: IMAGENET_NORMALIZATION,
};

function withFcBias(weights: WeightMap, bias: number): WeightMap {
  return new Map([...weights, ['fc.bias', { shape: [1], data: Float32Array.from([bias]) }]]);
}

describe('DBCNN with seeded random weights (wasm backend, small images)', () => {
  let weights: WeightMap;
  let model: DbcnnModel;
  let start = 0;

  beforeAll(async () => {
    await useWasmBackend();
    start = tf.memory().numTensors;
    weights = dbcnnArchitecture.initialWeights(1);
    model = dbcnnArchitecture.build(weights, facts);
  });

  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('has VGG-16 (14,714,688), S-CNN trunk (531,120 + 1,472 BN statistics) and fc (65,537) tensors', () => {
    const count = (prefix: string): number => [...weights].filter(([name]) => name.startsWith(prefix)).reduce((sum, [, t]) => sum + t.data.length, 0);
    // VGG-16 features: 14,714,688 parameters (torchvision); S-CNN: 531,120 learnable in features (fixture docs) + 2 × 736 BN running statistics (of the 2,496 in the file, 1,024 are the projection's).
    expect(count('features1.')).toBe(14_714_688);
    expect(count('features2.')).toBe(531_120 + 1_472);
    expect(count('fc.')).toBe(DBCNN_DESCRIPTOR + 1);
  });

  it.each([
    { size: [32, 32], note: 'equal maps (2×2 and 2×2)' },
    { size: [40, 48], note: 'VGG 2×3 vs S-CNN 3×3: resized' },
  ])('scores a batch of 2 at $size ($note): shape [2], finite, inside [0, 100], no leaks', ({ size }) => {
    const [height, width] = size as [number, number];
    const images = tf.randomUniform([2, height, width, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const scores = model.score(images);
    expect(scores.shape).toEqual([2]);
    const values = scores.dataSync();
    scores.dispose();
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    expect(values.every((v) => Number.isFinite(v) && v > 0 && v < 100)).toBe(true);
    expect(values[0]).not.toBe(values[1]);
  });

  it('has a finite, non-zero input gradient', () => {
    const images = tf.randomUniform([1, 40, 48, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(model.score(x as tf.Tensor4D)))(images);
    const values = gradient.dataSync();
    tf.dispose([images, gradient]);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.some((v) => v !== 0)).toBe(true);
  });

  it('clamps to [0, 100] with a zero gradient outside', () => {
    const images = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    for (const [bias, expected] of [
      [1000, 100],
      [-1000, 0],
    ] as const) {
      const clamped = dbcnnArchitecture.build(withFcBias(weights, bias), facts);
      expect(tf.tidy(() => clamped.score(images).dataSync()[0])).toBe(expected);
      const gradient = tf.grad((x: tf.Tensor) => tf.sum(clamped.score(x as tf.Tensor4D)))(images);
      expect(gradient.dataSync().every((v) => v === 0)).toBe(true);
      gradient.dispose();
      clamped.dispose();
    }
    images.dispose();
  });

  it('loads a DataParallel DBCNN-PyTorch state dict through its name map', () => {
    const saved: WeightMap = new Map([...weights].map(([name, tensor]) => [`module.${name}`, tensor]));
    saved.set('module.features2.1.num_batches_tracked', { shape: [], data: Float32Array.from([100]) });
    const mapped = applyNameMap(saved, dbcnnArchitecture.tensorSpecs, dbcnnArchitecture.nameMapRules);
    expect(mapped.ignored).toEqual(['module.features2.1.num_batches_tracked']);
    expect(mapped.weights.size).toBe(dbcnnArchitecture.tensorSpecs.length);
    const wrong = new Map(saved);
    wrong.set('module.fc.weight', { shape: [65536], data: new Float32Array(65536) });
    expect(() => applyNameMap(wrong, dbcnnArchitecture.tensorSpecs, dbcnnArchitecture.nameMapRules)).toThrow(
      '"module.fc.weight" (→ "fc.weight") has shape [65536] in the file, the architecture expects [1, 65536]',
    );
  });
});
