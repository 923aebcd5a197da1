import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactCnnArchitecture, COMPACT_CNN_TENSORS, type CompactCnnModel } from '../architectures/compact-cnn';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import type { IqaModelFacts } from '../iqa-model';
import { IMAGENET_NORMALIZATION } from '../ops/normalize-input';
import { readSafetensorsFile } from '../weights/safetensors-reader';
import { isExportableModel, saveTrainedModel, trainingSidecarPath } from './save-trained-model';
import { toyNoiseDataset } from './toy-dataset.test-helper';
import { trainModel, type TrainingResult } from './train-model';
import { TrainingError } from './training-error';
import { trainingSidecarSchema } from './training-sidecar';

const facts: IqaModelFacts = { id: 'save-test', lowerBetter: false, scoreRange: [0, 100], input: { kind: 'any', minSize: 32 }, normalization: IMAGENET_NORMALIZATION };
const dataset = toyNoiseDataset({ size: 36, counts: { train: 8, val: 3, test: 4 }, seed: 8 });

describe('saveTrainedModel', () => {
  let dir: string;
  let model: CompactCnnModel;
  let result: TrainingResult;

  beforeAll(async () => {
    await useWasmBackend();
    dir = await mkdtemp(join(tmpdir(), 'rankfall-save-'));
    model = compactCnnArchitecture.build(compactCnnArchitecture.initialWeights(4), facts);
    result = await trainModel(model, dataset, { epochs: 2, batchSize: 4, patchSize: 32, nt: { enabled: true } });
  });
  afterAll(async () => {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('names the sidecar after the weights', () => {
    expect(trainingSidecarPath('/a/b/rankfall-demo-cnn.safetensors')).toBe('/a/b/rankfall-demo-cnn.training.json');
  });

  it('writes F32 safetensors under the architecture names with metadata, and a sidecar that parses', async () => {
    const path = join(dir, 'nested', 'toy-cnn.safetensors');
    const date = new Date('2026-01-02T03:04:05.000Z');
    expect(isExportableModel(model)).toBe(true);
    const saved = await saveTrainedModel({
      path,
      model,
      architecture: 'compact-cnn',
      result,
      dataset: { name: dataset.name, version: dataset.version, seed: 8, mosRange: dataset.mosRange, lowerBetter: false },
      initSeed: 4,
      commandLine: 'rankfall model train --test',
      date,
    });

    const file = await readSafetensorsFile(path);
    expect([...file.tensors.keys()]).toEqual(COMPACT_CNN_TENSORS.map((spec) => spec.name));
    expect(new Set(file.dtypes.values())).toEqual(new Set(['F32']));
    for (const [name, tensor] of model.exportWeights()) {
      expect(file.tensors.get(name)!.shape).toEqual(tensor.shape);
      expect(file.tensors.get(name)!.data).toEqual(tensor.data);
    }
    expect(file.metadata['rankfall.name']).toBe('toy-cnn');
    expect(file.metadata['rankfall.architecture']).toBe('compact-cnn');
    expect(file.metadata['rankfall.date']).toBe('2026-01-02T03:04:05.000Z');
    expect(JSON.parse(file.metadata['rankfall.training_config']!)).toEqual(result.config);
    expect(JSON.parse(file.metadata['rankfall.dataset']!)).toEqual({ name: 'toy noise', version: 'seed8', seed: 8 });
    expect(JSON.parse(file.metadata['rankfall.metrics']!)).toMatchObject({ split: 'test', count: 4, srocc: result.test.srocc, plcc: result.test.plcc });

    const bytes = await readFile(path);
    const sidecar = trainingSidecarSchema.parse(JSON.parse(await readFile(join(dir, 'nested', 'toy-cnn.training.json'), 'utf8')));
    expect(saved.sidecarPath).toBe(join(dir, 'nested', 'toy-cnn.training.json'));
    expect(sidecar).toEqual(saved.sidecar);
    expect(sidecar.weights).toEqual({ file: 'toy-cnn.safetensors', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength });
    expect(sidecar.parameters).toBe(50_593);
    expect(sidecar.epochs.map((epoch) => epoch.loss)).toEqual(result.epochs.map((epoch) => epoch.loss));
    expect(sidecar).toMatchObject({ commandLine: 'rankfall model train --test', initSeed: 4, backend: 'wasm', steps: 4, test: result.test });
    expect(sidecar.dataset.counts).toEqual({ train: 8, val: 3, test: 4 });
    expect(sidecar.facts.normalization).toEqual(IMAGENET_NORMALIZATION);

    // the file loads back into the architecture and scores exactly as the trained model
    const reloaded = compactCnnArchitecture.build(file.tensors, facts);
    const [again, original] = tf.tidy(() => {
      const probe = tf.tensor4d(dataset.images[0]!.data, [1, 36, 36, 3]);
      return [reloaded.score(probe).dataSync()[0], model.score(probe).dataSync()[0]];
    });
    expect(again).toBe(original);
    reloaded.dispose();
  });

  it('refuses a path that is not .safetensors', async () => {
    const call = saveTrainedModel({ path: join(dir, 'x.bin'), model, architecture: 'compact-cnn', result, dataset: { ...dataset, seed: null }, initSeed: null, commandLine: null });
    await expect(call).rejects.toBeInstanceOf(TrainingError);
  });
});
