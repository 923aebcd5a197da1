import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architectures } from './architectures/architecture-registry';
import { catalog } from './catalog';
import { CatalogError } from './catalog-error';
import { createIqaModel } from './create-iqa-model';
import type { IqaModel } from './iqa-model';
import { writeSafetensors } from './weights/safetensors-writer';
import { WeightsError } from './weights/weights-error';

async function scoresOf(model: IqaModel, images: tf.Tensor4D): Promise<number[]> {
  const scores = model.score(images);
  const values = Array.from(await scores.data());
  scores.dispose();
  model.dispose();
  return values;
}

describe('createIqaModel', () => {
  let root = '';
  const images = (): tf.Tensor4D => tf.randomUniform([1, 48, 48, 3], 0, 1, 'float32', 1) as tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'rankfall-models-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(['no-such-model', 'toString', '__proto__'])('refuses the unknown id %s', async (id) => {
    await expect(createIqaModel(id)).rejects.toThrow(expect.objectContaining({ code: 'UNKNOWN_MODEL' }));
  });

  it('requires user weights where the catalog says so', async () => {
    await expect(createIqaModel('cnniqa-live')).rejects.toThrow(CatalogError);
    await expect(createIqaModel('dbcnn')).rejects.toThrow(expect.objectContaining({ code: 'WEIGHTS_REQUIRED' }));
  });

  it('says how to get missing bundled weights', async () => {
    await expect(createIqaModel('rankfall-demo-cnn', { repositoryRoot: root })).rejects.toThrow(
      expect.objectContaining({ code: 'WEIGHTS_UNAVAILABLE', message: expect.stringContaining('model train --architecture rankfall-demo-cnn') }),
    );
  });

  it('refuses bundled weights whose sha256 differs from the catalog', async () => {
    const entry = catalog['rankfall-demo-cnn'];
    const file = join(root, entry.weights.path);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, writeSafetensors(architectures['compact-cnn'].initialWeights(4)));
    await expect(createIqaModel('rankfall-demo-cnn', { repositoryRoot: root })).rejects.toThrow(expect.objectContaining({ code: 'CHECKSUM_MISMATCH' }));
  });

  it('loads the bundled, trained demo weights (checksum verified) and they equal the same file given explicitly', async () => {
    const entry = catalog['rankfall-demo-cnn'];
    const input = images();
    const bundled = await scoresOf(await createIqaModel('rankfall-demo-cnn'), input);
    const explicit = await scoresOf(await createIqaModel('rankfall-demo-cnn', { weights: join(import.meta.dirname, '../../..', entry.weights.path) }), input);
    input.dispose();
    expect(bundled).toEqual(explicit);
    expect(bundled.every((score) => score > 0 && score < 100)).toBe(true);
  });

  it('loads TF.js weights (model.json directory) under canonical names', async () => {
    const weights = architectures['compact-cnn'].initialWeights(5);
    const tensors = Object.fromEntries([...weights].map(([name, t]) => [name, tf.tensor(t.data, t.shape)]));
    const { data, specs } = await tf.io.encodeWeights(tensors);
    tf.dispose(Object.values(tensors));
    const dir = join(root, 'tfjs-demo');
    await mkdir(dir);
    await writeFile(join(dir, 'group1-shard1of1.bin'), new Uint8Array(data as ArrayBuffer));
    await writeFile(join(dir, 'model.json'), JSON.stringify({ format: 'weights-only', weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }] }));
    const input = images();
    const fromTfjs = await scoresOf(await createIqaModel('rankfall-demo-cnn', { weights: dir }), input);
    const fromMap = await scoresOf(await createIqaModel('rankfall-demo-cnn', { weights }), input);
    input.dispose();
    expect(fromTfjs).toEqual(fromMap);
  });

  it('refuses a file of another format with UNSUPPORTED_FORMAT', async () => {
    const file = join(root, 'notes.txt');
    await writeFile(file, 'not weights');
    await expect(createIqaModel('dbcnn', { weights: file })).rejects.toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });
});

describe.skipIf(skipWithoutFixtures())('createIqaModel with the real weight files', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives identical S-CNN proxy scores from scnn.pkl (PyTorch reader) and scnn.safetensors', async () => {
    const input = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const fromPickle = await scoresOf(await createIqaModel('scnn-distortion-proxy', { weights: fixturePath('real/models/dbcnn-scnn/scnn.pkl') }), input);
    const fromSafetensors = await scoresOf(await createIqaModel('scnn-distortion-proxy', { weights: fixturePath('scnn.safetensors') }), input);
    input.dispose();
    expect(fromPickle).toEqual(fromSafetensors);
  });

  it('refuses weights of another architecture, naming the missing tensors', async () => {
    const attempt = createIqaModel('cnniqa-live', { weights: fixturePath('scnn.safetensors') });
    await expect(attempt).rejects.toThrow(WeightsError);
    await expect(createIqaModel('cnniqa-live', { weights: fixturePath('scnn.safetensors') })).rejects.toThrow(
      expect.objectContaining({ code: 'MISSING_TENSOR', message: expect.stringContaining('"conv1.weight"') }),
    );
    await expect(createIqaModel('dbcnn', { weights: fixturePath('real/models/dbcnn-scnn/scnn.pkl') })).rejects.toThrow(
      expect.objectContaining({ code: 'MISSING_TENSOR', message: expect.stringContaining('"features1.0.weight"') }),
    );
  });
});
