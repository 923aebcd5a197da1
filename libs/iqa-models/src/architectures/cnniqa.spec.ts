import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IqaModelFacts } from '../iqa-model';
import { readPyTorchCheckpoint } from '../weights/pytorch-checkpoint-reader';
import { ArchitectureError } from './architecture-error';
import { cnniqaArchitecture, cnniqaPatchCount, type CnniqaModel } from './cnniqa';
import { decodeTestBmp } from './testing/bmp-test-decoder';
import { useWasmBackend } from './testing/use-wasm-backend';

const facts: IqaModelFacts = {
  id: 'cnniqa-test',
  lowerBetter: true,
  scoreRange: [0, 100],
  input: { kind: 'patches', patchSize: 32, stride: 32 },
  normalization: null,
};

async function loadImage(path: string): Promise<tf.Tensor4D> {
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) {
    const { data, height, width } = decodeTestBmp(bytes);
    return tf.tensor4d(data, [1, height, width, 3]);
  }
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return tf.tidy(() => tf.div(tf.tensor4d(new Uint8Array(data), [1, info.height, info.width, 3], 'int32'), 255) as tf.Tensor4D);
}

describe('cnniqaPatchCount: range(0, n - 32, 32)', () => {
  it.each([
    [384, 11],
    [512, 15],
    [500, 15],
    [33, 1],
    [32, 0],
    [64, 1],
    [65, 2],
  ])('%i px → %i patches', (size, count) => {
    expect(cnniqaPatchCount(size)).toBe(count);
  });
});

describe.skipIf(skipWithoutFixtures())('CNNIQA-LIVE calibration (wasm backend)', () => {
  let model: CnniqaModel;

  beforeAll(async () => {
    await useWasmBackend();
    const weights = readPyTorchCheckpoint(new Uint8Array(readFileSync(fixturePath('real/models/cnniqa-live/CNNIQA-LIVE'))));
    model = cnniqaArchitecture.build(weights, facts);
  });

  afterAll(() => {
    model.dispose();
  });

  const csv = readFileSync(fixturePath('real/models/cnniqa-live/reference_outputs.derived.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = csv.map((line) => {
    const [image, patches, score] = line.split(',');
    return { image: image as string, patches: Number(patches), score: Number(score) };
  });

  it('has the 17 reference rows', () => {
    expect(rows).toHaveLength(17);
  });

  it.each(rows)('$image: mean DMOS $score within 1e-3', async ({ image, patches, score }) => {
    const input = await loadImage(fixturePath('real', image));
    const [, height, width] = input.shape;
    expect(cnniqaPatchCount(height) * cnniqaPatchCount(width)).toBe(patches);
    const predicted = model.score(input);
    const value = (await predicted.data())[0] as number;
    tf.dispose([input, predicted]);
    expect(Math.abs(value - score)).toBeLessThan(1e-3);
  });

  it('has a finite, non-zero input gradient and leaks no tensors', async () => {
    const full = await loadImage(fixturePath('real/models/cnniqa-live/I03_01_1.bmp'));
    const crop = tf.slice(full, [0, 100, 100, 0], [1, 70, 100, 3]) as tf.Tensor4D;
    full.dispose();
    const before = tf.memory().numTensors;
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(model.score(x as tf.Tensor4D)))(crop);
    const values = gradient.dataSync();
    gradient.dispose();
    expect(tf.memory().numTensors).toBe(before);
    crop.dispose();
    expect(values.every(Number.isFinite)).toBe(true);
    const l1 = Array.from(values).reduce((sum, v) => sum + Math.abs(v), 0);
    expect(l1).toBeGreaterThan(0);
    // Only the patch area influences the score: rows range(0, 38, 32) and cols range(0, 68, 32), i.e. 2×3 patches, y < 64, x < 96.
    let outside = 0;
    for (let y = 0; y < 70; y++) for (let x = 0; x < 100; x++) for (let c = 0; c < 3; c++) if (y >= 64 || x >= 96) outside += Math.abs(values[(y * 100 + x) * 3 + c] as number);
    expect(outside).toBe(0);
  });

  it('exports the weights it loaded (PyTorch layout round trip)', () => {
    const weights = readPyTorchCheckpoint(new Uint8Array(readFileSync(fixturePath('real/models/cnniqa-live/CNNIQA-LIVE'))));
    const exported = model.exportWeights();
    expect([...exported.keys()]).toEqual([...weights.keys()]);
    for (const [name, tensor] of weights) {
      expect(exported.get(name)?.shape, name).toEqual(tensor.shape);
      expect(Buffer.from((exported.get(name)?.data ?? new Float32Array()).buffer).equals(Buffer.from(tensor.data.buffer)), name).toBe(true);
    }
  });
});

describe('CNNIQA with initial weights (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('refuses images without a full patch band', () => {
    const model = cnniqaArchitecture.build(cnniqaArchitecture.initialWeights(1), facts);
    const small = tf.zeros([1, 32, 80, 3]) as tf.Tensor4D;
    expect(() => model.score(small)).toThrow(ArchitectureError);
    expect(() => model.score(tf.zeros([1, 40, 40, 1]) as tf.Tensor4D)).toThrow(/RGB/);
    small.dispose();
    model.dispose();
  });

  it('scores each image of a batch on its own (batch of 2 = two batches of 1)', () => {
    const model = cnniqaArchitecture.build(cnniqaArchitecture.initialWeights(7), facts);
    const images = tf.randomUniform([2, 40, 72, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const together = model.score(images).arraySync();
    const first = model.score(tf.slice(images, [0, 0, 0, 0], [1, 40, 72, 3]) as tf.Tensor4D).arraySync();
    const second = model.score(tf.slice(images, [1, 0, 0, 0], [1, 40, 72, 3]) as tf.Tensor4D).arraySync();
    expect(together[0]).toBeCloseTo(first[0] as number, 5);
    expect(together[1]).toBeCloseTo(second[0] as number, 5);
    expect(together[0]).not.toBeCloseTo(together[1] as number, 5);
    model.dispose();
    images.dispose();
  });
});
