import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactCnnArchitecture, type CompactCnnModel } from '../architectures/compact-cnn';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import type { IqaModel, IqaModelFacts } from '../iqa-model';
import { IMAGENET_NORMALIZATION } from '../ops/normalize-input';
import { evaluateSplit } from './evaluate-split';
import { LinearScorer } from './linear-scorer.test-helper';
import { ntDirection, ntFiniteDifference, ntPixelStep } from './nt-regularizer';
import { predictImageScores } from './predict-image-scores';
import { toyNoiseDataset } from './toy-dataset.test-helper';
import { learningRateAt, trainModel, type TrainingProgress, type TrainingResult } from './train-model';
import type { TrainingDataset } from './training-dataset';
import { TrainingError } from './training-error';
import type { TrainingConfigInput } from './training.config';

const facts: IqaModelFacts = {
  id: 'compact-train-test',
  lowerBetter: false,
  scoreRange: [0, 100],
  input: { kind: 'any', minSize: 32 },
  normalization: IMAGENET_NORMALIZATION,
};

const compactCnn = (seed: number): CompactCnnModel => compactCnnArchitecture.build(compactCnnArchitecture.initialWeights(seed), facts);

const dataset = toyNoiseDataset({ size: 40, counts: { train: 32, val: 8, test: 12 }, seed: 3 });
const testImages = dataset.images.filter((image) => image.split === 'test');
const base: TrainingConfigInput = { batchSize: 8, patchSize: 32, patchesPerImage: 1, learningRate: 2e-3, schedule: 'constant', seed: 5 };

/** Mean finite-difference gradient-norm proxy d ≈ ‖∇f‖₁ (normalised space, h = 1e-2) over the test images. */
function gradientNormProxy(model: IqaModel): number {
  return tf.tidy(() => {
    const images = tf.tensor4d(Float32Array.from(testImages.flatMap((image) => [...image.data])), [testImages.length, 40, 40, 3]);
    const direction = ntDirection(model, images);
    return tf.mean(ntFiniteDifference(model, images, direction, ntPixelStep(model.normalization, 1e-2), 1e-2)).dataSync()[0]!;
  });
}

function testSrocc(model: IqaModel): number | null {
  const predictions = predictImageScores(model, testImages, 32);
  return evaluateSplit(predictions, Float64Array.from(testImages, (image) => image.mos), 'mse').srocc;
}

describe('learningRateAt', () => {
  it.each([
    { schedule: 'constant', warmup: 0, step: 0, total: 100, expected: 0.01 },
    { schedule: 'constant', warmup: 0, step: 99, total: 100, expected: 0.01 },
    { schedule: 'cosine', warmup: 0, step: 0, total: 100, expected: 0.01 },
    { schedule: 'cosine', warmup: 0, step: 50, total: 100, expected: 0.005 },
    { schedule: 'cosine', warmup: 0, step: 25, total: 100, expected: 0.005 * (1 + Math.SQRT1_2) },
    { schedule: 'cosine', warmup: 0, step: 100, total: 100, expected: 0 },
    // warm-up over round(0.1·100) = 10 steps: lr·(t+1)/10, then the cosine over the other 90
    { schedule: 'cosine', warmup: 0.1, step: 0, total: 100, expected: 0.001 },
    { schedule: 'cosine', warmup: 0.1, step: 9, total: 100, expected: 0.01 },
    { schedule: 'cosine', warmup: 0.1, step: 10, total: 100, expected: 0.01 },
    { schedule: 'cosine', warmup: 0.1, step: 55, total: 100, expected: 0.005 },
    { schedule: 'constant', warmup: 0.1, step: 4, total: 100, expected: 0.005 },
  ] as const)('$schedule (warm-up $warmup): step $step of $total → $expected', ({ schedule, warmup, step, total, expected }) => {
    expect(learningRateAt({ learningRate: 0.01, schedule, warmup }, step, total)).toBeCloseTo(expected, 15);
  });
});

describe('trainModel (compact CNN on wasm)', () => {
  beforeAll(useWasmBackend);

  // w = 1e-2 (10× the paper's default) so that 12 epochs on 32 toy images show the effect clearly.
  describe('undefended vs NT-defended (w = 1e-2), same seed and initial weights, 12 epochs', () => {
    const runs: Array<{ result: TrainingResult; proxy: number; srocc: number | null; stepCounts: number[]; before: number; after: number }> = [];
    let initial: { proxy: number; srocc: number | null };

    beforeAll(async () => {
      const probe = compactCnn(1);
      initial = { proxy: gradientNormProxy(probe), srocc: testSrocc(probe) };
      probe.dispose();
      for (const nt of [false, true]) {
        const model = compactCnn(1);
        const stepCounts: number[] = [];
        const before = tf.memory().numTensors;
        const result = await trainModel(model, dataset, { ...base, epochs: 12, nt: { enabled: nt, weight: 1e-2 } }, {
          onProgress: (progress) => {
            if (progress.kind === 'step') stepCounts.push(tf.memory().numTensors);
          },
        });
        const after = tf.memory().numTensors;
        runs.push({ result, proxy: gradientNormProxy(model), srocc: testSrocc(model), stepCounts, before, after });
        model.dispose();
      }
    }, 120_000);

    it('learns: the test SROCC rises from the initial weights to more than 0.6', () => {
      const [plain] = runs;
      expect(plain!.srocc).toBeGreaterThan(0.6);
      expect(plain!.srocc!).toBeGreaterThan((initial.srocc ?? 0) + 0.3);
      // the result's own test evaluation is the same whole-image evaluation
      expect(plain!.result.test.srocc).toBeCloseTo(plain!.srocc!, 12);
      expect(plain!.result.test.count).toBe(12);
      expect(plain!.result.counts).toEqual({ train: 32, val: 8, test: 12 });
      expect(plain!.result.steps).toBe(12 * 4);
      expect(plain!.result.backend).toBe('wasm');
      expect(plain!.result.epochs.at(-1)!.taskLoss).toBeLessThan(plain!.result.epochs[0]!.taskLoss / 2);
      expect(plain!.result.epochs.every((epoch) => epoch.val !== null && epoch.val.count === 8)).toBe(true);
    });

    it('the NT defense lowers the finite-difference gradient-norm proxy by more than 25 %', () => {
      const [plain, defended] = runs;
      expect(defended!.result.config.nt).toEqual({ enabled: true, weight: 1e-2, h: 1e-2 });
      expect(defended!.result.epochs.every((epoch) => epoch.ntPenalty !== null && epoch.ntPenalty > 0)).toBe(true);
      expect(plain!.result.epochs.every((epoch) => epoch.ntPenalty === null)).toBe(true);
      expect(defended!.proxy).toBeLessThan(0.75 * plain!.proxy);
      // …and the optimised loss includes it: loss = taskLoss + w·R_NT
      for (const epoch of defended!.result.epochs) expect(epoch.loss).toBeCloseTo(epoch.taskLoss + 1e-2 * epoch.ntPenalty!, 2);
    });

    it('keeps the tensor count constant across steps and frees everything it made (both runs)', () => {
      for (const run of runs) {
        expect(run.stepCounts).toHaveLength(48);
        expect(new Set(run.stepCounts).size).toBe(1);
        expect(run.after).toBe(run.before);
      }
    });
  });

  it('is deterministic for a seed, and the seed matters', async () => {
    const losses = async (seed: number): Promise<number[]> => {
      const model = compactCnn(2);
      const steps: number[] = [];
      await trainModel(model, dataset, { ...base, epochs: 2, seed }, { onProgress: (p) => p.kind === 'step' && steps.push(p.loss) });
      const weights = [...model.exportWeights().values()].flatMap((tensor) => [...tensor.data.subarray(0, 4)]);
      model.dispose();
      return [...steps, ...weights];
    };
    const first = await losses(9);
    expect(await losses(9)).toEqual(first);
    expect(await losses(10)).not.toEqual(first);
  });

  it.each([
    { schedule: 'constant', warmup: 0, expected: 0.01 },
    { schedule: 'cosine', warmup: 0, expected: 0.01 },
    // 4 steps, warm-up round(0.5·4) = 2 steps: the first step runs at lr/2
    { schedule: 'cosine', warmup: 0.5, expected: 0.005 },
  ] as const)('hands the scheduled learning rate to Adam ($schedule, warm-up $warmup: first step moves each weight by $expected)', async ({ schedule, warmup, expected }) => {
    const small = toyNoiseDataset({ size: 8, counts: { train: 8, val: 0, test: 3 }, seed: 1 });
    const model = new LinearScorer(8, new Float32Array(8 * 8 * 3).fill(0.01), null);
    const before = model.weight.dataSync().slice();
    const controller = new AbortController();
    const run = trainModel(model, small, { epochs: 1, batchSize: 2, patchSize: 8, learningRate: 0.01, schedule, warmup, flip: false }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toThrow(expect.objectContaining({ code: 'ABORTED' }));
    // Adam's first update is lr·g/(|g| + ε) = ±lr for every weight with a non-zero gradient
    const moved = model.weight.dataSync().map((value, i) => Math.abs(value - before[i]!));
    for (const step of moved) expect(step).toBeCloseTo(expected, 6);
    model.dispose();
  });

  it('puts a lower-is-better dataset on the model scale: inverted labels train identically', async () => {
    const inverted: TrainingDataset = { ...dataset, lowerBetter: true, images: dataset.images.map((image) => ({ ...image, mos: 100 - image.mos })) };
    const run = async (data: TrainingDataset): Promise<number[]> => {
      const model = compactCnn(3);
      const result = await trainModel(model, data, { ...base, epochs: 1, loss: 'l1' });
      model.dispose();
      return [...result.epochs.map((epoch) => epoch.taskLoss), result.test.srocc!, result.test.plcc!];
    };
    const [a, b] = [await run(dataset), await run(inverted)];
    a.forEach((value, i) => expect(b[i]).toBeCloseTo(value, 3));
  });

  it('reports progress per step and per epoch, with an ETA', async () => {
    const model = compactCnn(4);
    const events: TrainingProgress[] = [];
    await trainModel(model, dataset, { ...base, epochs: 2, batchSize: 16 }, { onProgress: (p) => events.push(p) });
    model.dispose();
    expect(events.map((e) => (e.kind === 'step' ? `s${e.epoch}.${e.step}/${e.stepsPerEpoch}` : `e${e.record.epoch}/${e.epochs}`))).toEqual([
      's1.1/2',
      's1.2/2',
      'e1/2',
      's2.1/2',
      's2.2/2',
      'e2/2',
    ]);
    const last = events.at(-1)!;
    expect(last.kind === 'epoch' && last.etaSeconds).toBe(0);
    const firstEpoch = events[2]!;
    expect(firstEpoch.kind === 'epoch' && firstEpoch.etaSeconds).toBeGreaterThan(0);
  });

  it('stops between steps when the signal fires (ABORTED), freeing its tensors', async () => {
    const model = compactCnn(5);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = trainModel(model, dataset, { ...base, epochs: 5 }, { signal: controller.signal, onProgress: (p) => p.kind === 'step' && p.step === 2 && controller.abort() });
    await expect(run).rejects.toThrow(expect.objectContaining({ code: 'ABORTED', message: 'training aborted at epoch 1, step 3' }));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  describe('refuses what it cannot train', () => {
    let model: CompactCnnModel;
    beforeAll(() => {
      model = compactCnn(6);
    });
    afterAll(() => model.dispose());

    const noTest: TrainingDataset = { ...dataset, images: dataset.images.filter((image) => image.split !== 'test') };
    const tiny: TrainingDataset = { ...dataset, images: dataset.images.map((image) => (image.key === 'toy-3.png' ? { ...image, height: 20, width: 80 } : image)) };
    const outOfRange: TrainingDataset = { ...dataset, mosRange: [0, 50] };
    it.each([
      { label: 'an invalid config', data: dataset, config: { epochs: 0 }, code: 'INVALID_CONFIG', message: /epochs/ },
      { label: 'no test split', data: noTest, config: {}, code: 'EMPTY_SPLIT', message: /0 test images/ },
      { label: 'a patch below the model minimum', data: dataset, config: { patchSize: 16 }, code: 'INVALID_PATCH', message: /patch size 16, the model needs at least 32/ },
      { label: 'an image smaller than the patch', data: tiny, config: { patchSize: 32 }, code: 'INVALID_PATCH', message: /toy-3\.png is 20×80/ },
      { label: 'a MOS outside the range', data: outOfRange, config: {}, code: 'INVALID_LABELS', message: /outside the dataset range/ },
    ])('$label → $code', async ({ data, config, code, message }) => {
      const run = trainModel(model, data, { ...base, ...config });
      await expect(run).rejects.toBeInstanceOf(TrainingError);
      await expect(run).rejects.toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
    });

    it('a model without trainable variables → NOT_TRAINABLE', async () => {
      const frozen: IqaModel = { ...facts, score: (x) => model.score(x), trainableVariables: [], dispose: () => undefined };
      await expect(trainModel(frozen, dataset, base)).rejects.toThrow(expect.objectContaining({ code: 'NOT_TRAINABLE' }));
    });

    it('a diverging run → NON_FINITE_LOSS', async () => {
      const diverging = compactCnn(7);
      const nan: TrainingDataset = { ...dataset, images: dataset.images.map((image) => ({ ...image, data: image.data.map(() => Number.NaN) })) };
      await expect(trainModel(diverging, nan, { ...base, epochs: 1 })).rejects.toThrow(expect.objectContaining({ code: 'NON_FINITE_LOSS' }));
      diverging.dispose();
    });
  });
});
