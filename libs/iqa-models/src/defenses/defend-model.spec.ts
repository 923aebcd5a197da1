import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '@rankfall/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import { createIqaModel } from '../create-iqa-model';
import type { IqaModel } from '../iqa-model';
import { defendModel, type DefenseGradient } from './defend-model';
import { DefenseError } from './defense-error';
import type { DefenseSpec } from './defense-registry';
import { jpegRoundTrip } from './jpeg-round-trip';

/** A 64×64 image with structure (gradients, a disc, seeded texture): the demo model scores it mid-range. */
function testImage(seed: number): tf.Tensor4D {
  const random = mulberry32(seed);
  const size = 64;
  const data = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1) {
      const disc = (x - 30) ** 2 + (y - 34) ** 2 < 200 ? 0.35 : 0;
      for (let c = 0; c < 3; c += 1) data[(y * size + x) * 3 + c] = Math.min(1, Math.max(0, 0.2 + (0.5 * x) / size + (0.2 * y * c) / size + disc + 0.15 * (random() - 0.5)));
    }
  return tf.tensor4d(data, [1, size, size, 3]);
}

let model: IqaModel;
// The wasm backend is what the worker runs (every gradient used here must have its kernels there).
beforeAll(async () => {
  await useWasmBackend();
  model = await createIqaModel('rankfall-demo-cnn', {});
});
afterAll(() => model.dispose());

const scoreOf = (m: IqaModel, x: tf.Tensor4D) => tf.tidy(() => m.score(x).dataSync()[0] as number);
const gradientOf = (m: IqaModel, x: tf.Tensor4D) => tf.tidy(() => tf.grad((input: tf.Tensor) => tf.sum(m.score(input as tf.Tensor4D)))(x));
const l1 = (t: tf.Tensor) => tf.tidy(() => tf.sum(tf.abs(t)).dataSync()[0] as number);

/** I-FGSM (Kurakin et al. 2017) that lowers the score: ε-ball in L∞, `steps` signed steps of ε/steps·1.25. Returns |Δ defended score|. */
function ifgsmScoreChange(attacked: IqaModel, judge: IqaModel, clean: tf.Tensor4D, epsilon: number, steps: number): number {
  let x = clean.clone();
  for (let step = 0; step < steps; step += 1) {
    const next = tf.tidy(() => {
      const g = gradientOf(attacked, x);
      const moved = tf.sub(x, tf.mul(tf.sign(g), (1.25 * epsilon) / steps));
      return tf.clipByValue(tf.minimum(tf.maximum(moved, tf.sub(clean, epsilon)), tf.add(clean, epsilon)), 0, 1) as tf.Tensor4D;
    });
    x.dispose();
    x = next;
  }
  const change = Math.abs(scoreOf(judge, x) - scoreOf(judge, clean));
  x.dispose();
  return change;
}

const JPEG: DefenseSpec = { kind: 'jpeg', params: { quality: 75 } };

describe('defendModel: the forward pass purifies, then scores', () => {
  it('the defended score is the base model\'s score of the purified image, in every gradient mode', () => {
    const x = testImage(1);
    const purifiedScore = tf.tidy(() => model.score(jpegRoundTrip(x, 75)).dataSync()[0] as number);
    for (const gradient of ['exact', 'bpda'] as const) expect(scoreOf(defendModel(model, JPEG, { gradient }), x)).toBeCloseTo(purifiedScore, 5);
    expect(purifiedScore).not.toBeCloseTo(scoreOf(model, x), 2);
    x.dispose();
  });
});

describe('JPEG: exact gradients are masked, BPDA gradients are not', () => {
  it('the exact gradient through the JPEG round trip is zero; BPDA\'s is not', () => {
    const x = testImage(2);
    const exact = gradientOf(defendModel(model, JPEG, { gradient: 'exact' }), x);
    const bpda = gradientOf(defendModel(model, JPEG, { gradient: 'bpda' }), x);
    const plain = gradientOf(model, x);
    expect(l1(exact)).toBe(0);
    expect(l1(bpda)).toBeGreaterThan(0.1 * l1(plain));
    tf.dispose([exact, bpda, plain, x]);
  });

  it('I-FGSM with exact gradients through JPEG leaves the defended score where it was; with BPDA it moves it', () => {
    const x = testImage(3);
    const exact = defendModel(model, JPEG, { gradient: 'exact' });
    const bpda = defendModel(model, JPEG, { gradient: 'bpda' });
    const nonAdaptive = ifgsmScoreChange(exact, exact, x, 8 / 255, 10);
    const adaptive = ifgsmScoreChange(bpda, exact, x, 8 / 255, 10);
    const undefended = ifgsmScoreChange(model, model, x, 8 / 255, 10);
    console.info(`[defense] I-FGSM ε=8/255, 10 steps, demo CNN: |Δ| undefended ${undefended.toFixed(3)}, JPEG q75 exact ${nonAdaptive.toFixed(3)}, JPEG q75 BPDA ${adaptive.toFixed(3)}`);
    expect(nonAdaptive).toBeLessThan(0.01);
    expect(adaptive).toBeGreaterThan(1);
    x.dispose();
  });
});

describe('blur, resize and median: exact gradients exist', () => {
  it.each([
    [{ kind: 'blur', params: { sigma: 1 } }],
    [{ kind: 'resize', params: { factor: 0.5, method: 'bilinear' } }],
    [{ kind: 'resize', params: { factor: 0.6, method: 'nearest' } }],
    [{ kind: 'median', params: { k: 3 } }],
  ] as Array<[DefenseSpec]>)('%j: exact and BPDA gradients are non-zero and differ', (defense) => {
    const x = testImage(4);
    const exact = gradientOf(defendModel(model, defense, { gradient: 'exact' }), x);
    const bpda = gradientOf(defendModel(model, defense, { gradient: 'bpda' }), x);
    expect(l1(exact)).toBeGreaterThan(0);
    expect(l1(bpda)).toBeGreaterThan(0);
    expect(l1(tf.sub(exact, bpda))).toBeGreaterThan(0);
    tf.dispose([exact, bpda, x]);
  });
});

describe('EOT over a randomised defense', () => {
  const RANDOM_JPEG: DefenseSpec = { kind: 'jpeg', params: { quality: [50, 90] } };
  const RANDOM_RESIZE: DefenseSpec = { kind: 'resize', params: { factor: [0.4, 0.8], method: 'bilinear' } };

  it.each([[RANDOM_JPEG], [RANDOM_RESIZE]])('%j: the same seed gives the same score and gradient; another seed another gradient', (defense) => {
    const x = testImage(5);
    const a = defendModel(model, defense, { gradient: 'eot', eotSamples: 4, seed: 11 });
    const b = defendModel(model, defense, { gradient: 'eot', eotSamples: 4, seed: 11 });
    const c = defendModel(model, defense, { gradient: 'eot', eotSamples: 4, seed: 12 });
    const [ga, gb, gc] = [gradientOf(a, x), gradientOf(b, x), gradientOf(c, x)];
    expect(scoreOf(a, x)).toBe(scoreOf(b, x));
    expect(l1(tf.sub(ga, gb))).toBe(0);
    expect(l1(tf.sub(ga, gc))).toBeGreaterThan(0);
    expect(l1(ga)).toBeGreaterThan(0);
    tf.dispose([ga, gb, gc, x]);
  });

  it('the EOT value is the deployed draw\'s score (what bpda and exact score too), so clean scores do not depend on the gradient mode', () => {
    const x = testImage(6);
    const scores = (['exact', 'bpda', 'eot'] as const).map((gradient) => scoreOf(defendModel(model, RANDOM_JPEG, { gradient, eotSamples: 3, seed: 5 }), x));
    expect(scores[1]).toBeCloseTo(scores[0] as number, 5);
    expect(scores[2]).toBeCloseTo(scores[0] as number, 4);
    x.dispose();
  });

  it('a randomised defense draws per image from its contents: an image scores the same alone and in a batch', () => {
    const defended = defendModel(model, RANDOM_JPEG, { gradient: 'bpda', seed: 1 });
    const [x, y] = [testImage(7), testImage(8)];
    const batch = tf.concat([x, y], 0);
    const together = tf.tidy(() => Array.from(defended.score(batch).dataSync()));
    expect(together[0]).toBeCloseTo(scoreOf(defended, x), 4);
    expect(together[1]).toBeCloseTo(scoreOf(defended, y), 4);
    tf.dispose([x, y, batch]);
  });
});

describe('defendModel rejects what it cannot do', () => {
  it('EOT on a deterministic defense', () => {
    expect(() => defendModel(model, JPEG, { gradient: 'eot' })).toThrow(DefenseError);
  });
  it.each([
    [{ kind: 'jpeg', params: { quality: 0 } }],
    [{ kind: 'jpeg', params: { quality: [90, 50] } }],
    [{ kind: 'median', params: { k: 4 } }],
    [{ kind: 'resize', params: { factor: 1.5, method: 'bilinear' } }],
    [{ kind: 'blur', params: { sigma: 0 } }],
  ] as Array<[DefenseSpec]>)('%j', (defense) => {
    expect(() => defendModel(model, defense, { gradient: 'bpda' })).toThrow(DefenseError);
  });
});

describe('no tensor leaks', () => {
  const cases: Array<[DefenseSpec, DefenseGradient]> = [
    [JPEG, 'exact'],
    [JPEG, 'bpda'],
    [{ kind: 'jpeg', params: { quality: [60, 80] } }, 'eot'],
    [{ kind: 'resize', params: { factor: [0.5, 0.7], method: 'nearest' } }, 'eot'],
    [{ kind: 'blur', params: { sigma: [0.5, 1.5] } }, 'eot'],
    [{ kind: 'median', params: { k: 5 } }, 'exact'],
    [{ kind: 'median', params: { k: 3 } }, 'bpda'],
  ];
  it.each(cases)('%j with %s: score, gradient and purify leave numTensors unchanged', (defense, gradient) => {
    const x = testImage(9);
    const defended = defendModel(model, defense, { gradient, eotSamples: 2, seed: 3 });
    const before = tf.memory().numTensors;
    tf.dispose([defended.score(x), gradientOf(defended, x), defended.purify(x)]);
    defended.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
