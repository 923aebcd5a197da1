import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { fixturePath, fixturesAvailable } from '@rankfall/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { architectures } from './architectures/architecture-registry';
import { useWasmBackend } from './architectures/testing/use-wasm-backend';
import { catalog, type CatalogId } from './catalog';
import type { CatalogEntry } from './catalog-entry';
import { createIqaModel } from './create-iqa-model';
import type { InputSpec } from './iqa-model';
import { IMAGENET_NORMALIZATION } from './ops/normalize-input';

/** Real weight files available on project machines (fixtures); other entries get seeded initial weights. */
const fixtureWeights: Partial<Record<CatalogId, string>> = {
  'cnniqa-live': 'real/models/cnniqa-live/CNNIQA-LIVE',
  'scnn-distortion-proxy': 'scnn.safetensors',
};

/** A small input the entry accepts. */
function testSize(input: InputSpec): [number, number] {
  switch (input.kind) {
    case 'any':
      return [Math.max(input.minSize, 40), Math.max(input.minSize, 48)];
    case 'fixed':
      return [input.height, input.width];
    case 'patches':
      return [2 * input.patchSize + 1, 3 * input.patchSize + 5];
  }
}

const entries = Object.entries(catalog) as [CatalogId, CatalogEntry][];

describe('catalog facts', () => {
  it.each(entries)('%s: consistent entry', (key, entry) => {
    expect(entry.id).toBe(key);
    expect(Object.keys(architectures)).toContain(entry.architecture);
    expect(entry.scoreRange[0]).toBeLessThan(entry.scoreRange[1]);
    expect(entry.inputRange).toEqual([0, 1]);
    if (entry.normalization !== null) expect(entry.normalization).toEqual(IMAGENET_NORMALIZATION);
    if (entry.weights.source === 'bundled') {
      expect(entry.weights.path).toMatch(/^libs\/[a-z0-9/.-]+$/);
      if (entry.weights.sha256 !== null) expect(entry.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    if (entry.weights.source === 'user') for (const sha of entry.weights.knownSha256) expect(sha).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(Object.entries(architectures))('architecture %s: its id is its key, initial weights match its tensor specs', (key, architecture) => {
    expect(architecture.id).toBe(key);
    const weights = architecture.initialWeights(1);
    expect([...weights].map(([name, t]) => [name, t.shape])).toEqual(architecture.tensorSpecs.map((spec) => [spec.name, [...spec.shape]]));
  });
});

describe('catalog contract: every entry builds, scores, differentiates and disposes (wasm)', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  it.each(entries)('%s', async (id, entry) => {
    const file = fixtureWeights[id];
    const weights = file !== undefined && fixturesAvailable && existsSync(fixturePath(file)) ? fixturePath(file) : architectures[entry.architecture].initialWeights(3);
    const start = tf.memory().numTensors;
    const model = await createIqaModel(id, { weights });
    expect({ id: model.id, lowerBetter: model.lowerBetter, scoreRange: model.scoreRange, input: model.input, normalization: model.normalization }).toEqual({
      id: entry.id,
      lowerBetter: entry.lowerBetter,
      scoreRange: entry.scoreRange,
      input: entry.input,
      normalization: entry.normalization,
    });
    expect(model.trainableVariables.length).toBeGreaterThan(0);

    const [height, width] = testSize(entry.input);
    const images = tf.randomUniform([2, height, width, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    const scores = model.score(images);
    expect(scores.shape).toEqual([2]);
    const values = scores.dataSync();
    scores.dispose();
    expect(values.every(Number.isFinite)).toBe(true);

    const gradient = tf.grad((x: tf.Tensor) => tf.sum(model.score(x as tf.Tensor4D)))(images);
    const g = gradient.dataSync();
    gradient.dispose();
    expect(g.every(Number.isFinite)).toBe(true);
    expect(g.some((v) => v !== 0)).toBe(true);

    images.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
