import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2dFastGrad, CONV2D_FAST_GRAD_KERNEL } from './conv2d-fast-grad';
import { OpsError } from './ops-error';

interface Case {
  readonly batch: number;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly stride: 1 | 2;
  readonly pad: number;
  readonly activation: 'linear' | 'relu';
  readonly bias: boolean;
}

const cases: Case[] = [
  { batch: 1, h: 7, w: 6, cin: 3, cout: 4, k: 3, stride: 1, pad: 1, activation: 'linear', bias: true },
  { batch: 2, h: 6, w: 7, cin: 2, cout: 5, k: 3, stride: 1, pad: 0, activation: 'linear', bias: true },
  { batch: 1, h: 8, w: 9, cin: 3, cout: 4, k: 3, stride: 2, pad: 1, activation: 'linear', bias: true },
  { batch: 2, h: 9, w: 8, cin: 4, cout: 3, k: 3, stride: 2, pad: 0, activation: 'linear', bias: true },
  { batch: 2, h: 10, w: 11, cin: 3, cout: 6, k: 3, stride: 2, pad: 1, activation: 'relu', bias: true },
  { batch: 1, h: 12, w: 12, cin: 5, cout: 4, k: 3, stride: 2, pad: 1, activation: 'relu', bias: false },
  { batch: 2, h: 5, w: 5, cin: 4, cout: 3, k: 1, stride: 1, pad: 0, activation: 'linear', bias: true },
  { batch: 1, h: 6, w: 7, cin: 2, cout: 3, k: 2, stride: 2, pad: 1, activation: 'linear', bias: false },
  { batch: 1, h: 4, w: 4, cin: 2, cout: 2, k: 3, stride: 2, pad: 2, activation: 'linear', bias: true },
  { batch: 2, h: 7, w: 6, cin: 3, cout: 2, k: 1, stride: 2, pad: 0, activation: 'linear', bias: true },
  { batch: 1, h: 9, w: 9, cin: 3, cout: 4, k: 3, stride: 2, pad: 1, activation: 'relu', bias: true },
];

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32), independent of any backend. */
function randomArray(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

interface CaseData {
  readonly x: Float32Array;
  readonly filter: Float32Array;
  readonly bias: Float32Array;
  /** Weights of the scalar loss Σ y·r, so that dy is not constant. */
  readonly r: Float32Array;
  readonly xShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly yShape: [number, number, number, number];
}

function caseData(c: Case, seed: number): CaseData {
  const ho = Math.floor((c.h + 2 * c.pad - c.k) / c.stride) + 1;
  const wo = Math.floor((c.w + 2 * c.pad - c.k) / c.stride) + 1;
  const xShape: [number, number, number, number] = [c.batch, c.h, c.w, c.cin];
  const filterShape: [number, number, number, number] = [c.k, c.k, c.cin, c.cout];
  const yShape: [number, number, number, number] = [c.batch, ho, wo, c.cout];
  return {
    x: randomArray(c.batch * c.h * c.w * c.cin, seed),
    filter: randomArray(c.k * c.k * c.cin * c.cout, seed + 1),
    bias: randomArray(c.cout, seed + 2),
    r: randomArray(c.batch * ho * wo * c.cout, seed + 3),
    xShape,
    filterShape,
    yShape,
  };
}

interface Outputs {
  readonly y: Float32Array;
  readonly dx: Float32Array;
  readonly dFilter: Float32Array;
  readonly dBias: Float32Array;
}

type ConvFn = (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null) => tf.Tensor4D;

/** Forward value and the gradients of Σ conv(x)·r w.r.t. x, filter and bias on the active backend. */
function run(d: CaseData, withBias: boolean, conv: ConvFn): Outputs {
  return tf.tidy(() => {
    const x = tf.tensor4d(d.x, d.xShape);
    const filter = tf.tensor4d(d.filter, d.filterShape);
    const bias = tf.tensor1d(d.bias);
    const r = tf.tensor4d(d.r, d.yShape);
    const y = conv(x, filter, withBias ? bias : null);
    const loss = (a: tf.Tensor, b: tf.Tensor, c?: tf.Tensor) =>
      tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D, (c as tf.Tensor1D | undefined) ?? null), r));
    const [dx, dFilter, dBias] = (
      withBias ? tf.grads(loss)([x, filter, bias]) : [...tf.grads(loss)([x, filter]), tf.zeros([0])]
    ) as [tf.Tensor, tf.Tensor, tf.Tensor];
    return {
      y: y.dataSync() as Float32Array,
      dx: dx.dataSync() as Float32Array,
      dFilter: dFilter.dataSync() as Float32Array,
      dBias: dBias.dataSync() as Float32Array,
    };
  });
}

function stockConv(c: Case): ConvFn {
  return (x, filter, bias) => {
    const pad: 'valid' | [[number, number], [number, number], [number, number], [number, number]] =
      c.pad === 0
        ? 'valid'
        : [
            [0, 0],
            [c.pad, c.pad],
            [c.pad, c.pad],
            [0, 0],
          ];
    let y = tf.conv2d(x, filter, c.stride, pad);
    if (bias !== null) y = tf.add(y, bias);
    return c.activation === 'relu' ? tf.relu(y) : y;
  };
}

function fastConv(c: Case): ConvFn {
  return (x, filter, bias) => conv2dFastGrad(x, filter, { stride: c.stride, pad: c.pad, bias, activation: c.activation });
}

/** max |a − b| / max |b|. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(expected[i] ?? NaN));
  }
  return diff / scale;
}

function expectClose(actual: Outputs, expected: Outputs, withBias: boolean): void {
  expect(relativeError(actual.y, expected.y)).toBeLessThan(1e-4);
  expect(relativeError(actual.dx, expected.dx)).toBeLessThan(1e-4);
  expect(relativeError(actual.dFilter, expected.dFilter)).toBeLessThan(1e-4);
  if (withBias) expect(relativeError(actual.dBias, expected.dBias)).toBeLessThan(1e-4);
}

describe('conv2dFastGrad', () => {
  const references = new Map<Case, Outputs>();
  const data = new Map<Case, CaseData>();

  beforeAll(async () => {
    await tf.setBackend('cpu');
    cases.forEach((c, i) => {
      const d = caseData(c, 1000 * (i + 1));
      data.set(c, d);
      references.set(c, run(d, c.bias, stockConv(c)));
    });
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(cases)(
    'matches stock conv2d gradients on cpu: B$batch $h×$w, k$k s$stride p$pad $activation bias=$bias',
    async (c) => {
      await tf.setBackend('cpu');
      expectClose(run(data.get(c)!, c.bias, fastConv(c)), references.get(c)!, c.bias);
    },
  );

  it.each(cases)(
    'matches stock cpu gradients on wasm: B$batch $h×$w, k$k s$stride p$pad $activation bias=$bias',
    async (c) => {
      await tf.setBackend('wasm');
      expectClose(run(data.get(c)!, c.bias, fastConv(c)), references.get(c)!, c.bias);
    },
  );

  it('does not leak tensors on wasm (forward + gradients)', async () => {
    await tf.setBackend('wasm');
    const c = cases[2]!;
    run(data.get(c)!, true, fastConv(c));
    const before = tf.memory().numTensors;
    run(data.get(c)!, true, fastConv(c));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('computes only the input gradient when only the input gradient is asked for', async () => {
    await tf.setBackend('wasm');
    const c = cases[0]!;
    const d = data.get(c)!;
    const x = tf.tensor4d(d.x, d.xShape);
    const filter = tf.tensor4d(d.filter, d.filterShape);
    const countConvs = async (wrt: 'x' | 'both'): Promise<number> => {
      const profile = await tf.profile(() => {
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(conv2dFastGrad(a as tf.Tensor4D, b as tf.Tensor4D, { stride: 1, pad: 1 }));
        const grads = wrt === 'x' ? [tf.grad((a: tf.Tensor) => f(a, filter))(x)] : tf.grads(f)([x, filter]);
        tf.dispose(grads);
      });
      return profile.kernels.filter((kernel) => kernel.name === 'Conv2D').length;
    };
    // The forward runs the fast-grad kernel; at stride 1 each requested gradient is one Conv2D.
    expect(await countConvs('x')).toBe(1);
    expect(await countConvs('both')).toBe(2);
    tf.dispose([x, filter]);
  });

  it('registers its forward kernel for the backend in use', async () => {
    await tf.setBackend('wasm');
    tf.tidy(() => conv2dFastGrad(tf.ones([1, 3, 3, 1]), tf.ones([3, 3, 1, 1]), { pad: 1 }));
    expect(tf.getKernel(CONV2D_FAST_GRAD_KERNEL, 'wasm')).toBeDefined();
  });

  it.each([
    { what: 'stride 3', stride: 3, pad: 1, cin: 2, code: 'UNSUPPORTED_STRIDE' },
    { what: 'pad ≥ k', stride: 1, pad: 3, cin: 2, code: 'UNSUPPORTED_PADDING' },
    { what: 'negative pad', stride: 1, pad: -1, cin: 2, code: 'UNSUPPORTED_PADDING' },
    { what: 'channel mismatch', stride: 1, pad: 1, cin: 3, code: 'SHAPE_MISMATCH' },
  ])('rejects $what with $code', ({ stride, pad, cin, code }) => {
    const x = tf.zeros([1, 5, 5, cin]) as tf.Tensor4D;
    const filter = tf.zeros([3, 3, 2, 1]) as tf.Tensor4D;
    expect(() => conv2dFastGrad(x, filter, { stride: stride as 1, pad })).toThrow(
      expect.objectContaining({ name: 'OpsError', code }) as unknown as OpsError,
    );
    tf.dispose([x, filter]);
  });
});
