import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IqaModel } from '@rankfall/iqa-models';
import { createLinearFixture, type LinearFixture } from '../testing/linear-fixture';
import { createTinyConvNet } from '../testing/tiny-conv-net';
import { AttackError } from './attack-error';
import { runAttack, type AttackProgress, type RunAttackRequest } from './run-attack';

let model: IqaModel;
let images: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('wasm');
  model = createTinyConvNet({ seed: 2 });
  images = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
});

afterAll(() => {
  model.dispose();
  images.dispose();
});

async function failure(request: Partial<RunAttackRequest>): Promise<AttackError> {
  const before = tf.memory().numTensors;
  const error = await runAttack({ attack: 'ifgsm', model, images, ...request }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(tf.memory().numTensors).toBe(before);
  expect(error).toBeInstanceOf(AttackError);
  return error as AttackError;
}

describe('runAttack: request validation', () => {
  it('rejects an unknown attack id and lists the valid ones', async () => {
    const error = await failure({ attack: 'deepfool' });
    expect(error.code).toBe('UNKNOWN_ATTACK');
    expect(error.message).toContain("'deepfool'");
    expect(error.message).toContain('fgsm, ifgsm, pgd, mifgsm, korhonen, zhang-perceptual, uap, sma-stage2');
  });

  it.each([
    [{ epsilon: 2 }, 'epsilon', 'epsilon must be in (0, 1]'],
    [{ epsilon: 'big' }, 'epsilon', 'epsilon must be a number'],
    [{ steps: 2.5 }, 'steps', 'steps must be an integer'],
    [{ goal: 'sideways' }, 'goal', "goal must be 'lower-quality' or 'raise-quality'"],
    [{ epsilonn: 0.1 }, '(config)', 'epsilonn'],
  ])('rejects config %o naming the field %s', async (config, path, message) => {
    const error = await failure({ config });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(error.message).toContain(message);
  });

  it.each([
    ['rank 3', () => tf.zeros([16, 16, 3]), 'rank 4'],
    ['int32', () => tf.zeros([1, 16, 16, 3], 'int32'), 'float32'],
    ['one channel', () => tf.zeros([1, 16, 16, 1]), '3 channels'],
    ['values above 1', () => tf.fill([1, 16, 16, 3], 1.5), 'in [0,1]'],
    ['negative values', () => tf.fill([1, 16, 16, 3], -0.1), 'in [0,1]'],
    ['NaN', () => tf.fill([1, 16, 16, 3], NaN), 'NaN'],
    ['smaller than the model accepts', () => tf.zeros([1, 4, 16, 3]), 'smaller than model'],
  ])('rejects images: %s', async (_, make, message) => {
    const bad = make() as tf.Tensor4D;
    const error = await failure({ images: bad });
    bad.dispose();
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(message);
  });

  it('rejects a disposed tensor', async () => {
    const gone = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    gone.dispose();
    expect((await failure({ images: gone })).message).toContain('disposed');
  });

  it.each([
    [{ attack: 'sma-stage2' }, 'needs one target score per image'],
    [{ attack: 'sma-stage2', targets: [1] }, 'got 1 targets for 2 images'],
    [{ attack: 'sma-stage2', targets: [1, NaN] }, 'targets[1]'],
    [{ attack: 'fgsm', targets: [1, 2] }, 'only accepted by targeted attacks'],
    [{ seed: -1 }, 'seed must be an integer'],
    [{ seed: 1.5 }, 'seed must be an integer'],
  ])('rejects %o', async (request, message) => {
    const error = await failure(request);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(message);
  });

  it('rejects a perturbation for a non-universal attack and a badly shaped one for uap', async () => {
    const delta = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    expect((await failure({ attack: 'fgsm', perturbation: delta })).message).toContain('only accepted by universal attacks');
    expect((await failure({ attack: 'uap', perturbation: delta })).message).toContain('[1, h, w, 3]');
    delta.dispose();
  });

  it('rejects a model whose score range is not finite', async () => {
    const unbounded: IqaModel = { ...model, scoreRange: [0, Infinity] };
    expect((await failure({ model: unbounded })).message).toContain('scoreRange');
  });
});

describe('runAttack: the objective sign comes from lowerBetter', () => {
  let higherBetter: LinearFixture;
  let lowerBetter: LinearFixture;
  beforeAll(() => {
    higherBetter = createLinearFixture({ seed: 6, lowerBetter: false });
    lowerBetter = createLinearFixture({ seed: 6, lowerBetter: true });
  });
  afterAll(() => {
    higherBetter.dispose();
    lowerBetter.dispose();
  });

  it.each([
    ['lower-quality', 'higher is better', -1],
    ['lower-quality', 'lower is better', 1],
    ['raise-quality', 'higher is better', 1],
    ['raise-quality', 'lower is better', -1],
  ] as const)('%s on a model where %s moves the raw score by sign %i', async (goal, kind, sign) => {
    const fx = kind === 'lower is better' ? lowerBetter : higherBetter;
    const result = await runAttack({ attack: 'ifgsm', config: { goal }, model: fx.model, images: fx.images });
    result.adversarial.dispose();
    expect(result.direction).toBe(sign);
    result.finalScores.forEach((s, i) => expect(Math.sign(s - result.cleanScores[i]!)).toBe(sign));
  });
});

describe('runAttack: progress, cancellation, result', () => {
  it('reports every iteration with the scores of its starting iterate', async () => {
    const events: AttackProgress[] = [];
    const result = await runAttack({ attack: 'ifgsm', config: { steps: 4 }, model, images, onProgress: (e) => void events.push(e) });
    result.adversarial.dispose();
    expect(events.map((e) => [e.iteration, e.total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(events.map((e) => e.scores)).toEqual(result.trajectory);
    expect(result.trajectory[0]).toEqual(result.cleanScores);
    expect(result.timing.iterationMs).toHaveLength(4);
    expect(result.timing.totalMs).toBeGreaterThan(0);
  });

  it('cancels before the first iteration when the signal has already fired', async () => {
    let calls = 0;
    const error = await failure({ signal: AbortSignal.abort(), onProgress: () => void calls++ });
    expect(error.code).toBe('CANCELLED');
    expect(calls).toBe(0);
  });

  it('honours an abort that arrives from a timer between iterations (the loop yields to the event loop)', async () => {
    const controller = new AbortController();
    let iterations = 0;
    const error = await failure({
      config: { steps: 10_000 },
      signal: controller.signal,
      onProgress: (e) => {
        iterations = e.iteration;
        if (e.iteration === 2) setTimeout(() => controller.abort(), 0);
      },
    });
    expect(error.code).toBe('CANCELLED');
    expect(iterations).toBeGreaterThanOrEqual(2);
    expect(iterations).toBeLessThan(10);
  });

  it('propagates an error thrown by the progress callback and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    await expect(
      runAttack({
        attack: 'korhonen',
        model,
        images,
        onProgress: () => {
          throw new Error('database gone');
        },
      }),
    ).rejects.toThrow('database gone');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never disposes the caller images and returns metrics computed from the final arrays', async () => {
    const result = await runAttack({ attack: 'fgsm', config: { epsilon: 0.01 }, model, images });
    expect(images.isDisposed).toBe(false);
    const [a, b] = [images.dataSync(), result.adversarial.dataSync()];
    result.adversarial.dispose();
    const size = 16 * 16 * 3;
    result.perImage.forEach((m, i) => {
      let [max, sum] = [0, 0];
      for (let k = i * size; k < (i + 1) * size; k++) {
        const d = b[k]! - a[k]!;
        max = Math.max(max, Math.abs(d));
        sum += d * d;
      }
      expect(m.linf).toBeCloseTo(max, 12);
      expect(m.l2).toBeCloseTo(Math.sqrt(sum), 10);
      expect(m.psnr).toBeCloseTo(10 * Math.log10(1 / (sum / size)), 8);
      expect(m.ssim).toBeGreaterThan(0.99);
      expect(m.ssim).toBeLessThan(1);
    });
    expect(result.epsilon).toBe(0.01);
    expect(result.config).toEqual({ epsilon: 0.01, goal: 'lower-quality' });
  });

  it('enforces an optional budget on an unbounded attack and none when it is unset', async () => {
    const bounded = await runAttack({ attack: 'korhonen', config: { epsilon: 0.002, learningRate: 0.01, maxIterations: 25 }, model, images });
    const free = await runAttack({ attack: 'korhonen', config: { learningRate: 0.01, maxIterations: 25 }, model, images });
    tf.dispose([bounded.adversarial, free.adversarial]);
    expect(bounded.epsilon).toBe(0.002);
    expect(free.epsilon).toBeNull();
    bounded.perImage.forEach((m) => expect(m.linf).toBeLessThanOrEqual(0.002 + 1e-6));
    expect(Math.max(...free.perImage.map((m) => m.linf))).toBeGreaterThan(0.01);
  });
});

describe('runAttack: numerical failure', () => {
  const sqrtModel = (offset: number): IqaModel => ({
    ...model,
    id: 'test-sqrt',
    score: (x) => tf.tidy(() => tf.sum(tf.sqrt(tf.sub(x, offset)), [1, 2, 3]) as tf.Tensor1D),
  });

  it('refuses a model whose clean scores are not finite', async () => {
    const error = await failure({ attack: 'korhonen', model: sqrtModel(0.5) });
    expect(error.code).toBe('NON_FINITE');
    expect(error.message).toContain('clean images');
  });

  it('reports adversarial scores that became NaN as NON_FINITE and frees every tensor', async () => {
    // f(x) = Σ sqrt(x − 0.001) is finite on images ≥ 0.002; lowering it by ε = 0.005 takes pixels below 0.001.
    const low = tf.randomUniform([1, 16, 16, 3], 0.002, 1, 'float32', 3) as tf.Tensor4D;
    const error = await failure({ attack: 'fgsm', model: sqrtModel(0.001), images: low });
    low.dispose();
    expect(error.code).toBe('NON_FINITE');
    expect(error.message).toContain('adversarial images');
  });
});
