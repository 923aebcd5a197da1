import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2dFastGrad } from './conv2d-fast-grad';
import { Conv2dInputGradientKernels } from './conv2d-input-gradient-kernels';

/** Deterministic values in [-1, 1) (mulberry32), independent of any backend. */
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

interface Case {
  readonly k: number;
  readonly stride: 1 | 2;
  readonly pad: number;
  readonly size: number;
}

const cases: Case[] = [
  { k: 3, stride: 1, pad: 1, size: 7 },
  { k: 3, stride: 1, pad: 0, size: 6 },
  { k: 3, stride: 2, pad: 1, size: 8 },
  { k: 3, stride: 2, pad: 1, size: 9 },
  { k: 3, stride: 2, pad: 0, size: 9 },
  { k: 3, stride: 2, pad: 2, size: 5 },
  { k: 2, stride: 2, pad: 1, size: 7 },
  { k: 1, stride: 2, pad: 0, size: 7 },
];
const [cin, cout] = [3, 5];

/** The kernel of phase (rh, rw) the classic way: strided slice of the taps, then reverse + transpose. */
function referenceKernel(filter: tf.Tensor4D, c: Case, rh: number, rw: number): tf.Tensor4D | null {
  const first = (r: number) => (r + c.pad) % c.stride;
  if (first(rh) >= c.k || first(rw) >= c.k) return null;
  const sub = tf.stridedSlice(filter, [first(rh), first(rw), 0, 0], [c.k, c.k, cin, cout], [c.stride, c.stride, 1, 1]) as tf.Tensor4D;
  return tf.transpose(tf.reverse(sub, [0, 1]), [0, 1, 3, 2]);
}

function inputGradient(x: tf.Tensor4D, filter: tf.Tensor4D, c: Case, kernels: Conv2dInputGradientKernels | null): Float32Array {
  return tf.tidy(() => {
    const r = tf.tensor(randomArray(conv2dFastGrad(x, filter, { stride: c.stride, pad: c.pad }).size, 7));
    const loss = (input: tf.Tensor) =>
      tf.sum(tf.mul(tf.reshape(conv2dFastGrad(input as tf.Tensor4D, filter, { stride: c.stride, pad: c.pad, activation: 'relu', inputGradientKernels: kernels }), [-1]), r));
    return tf.grad(loss)(x).dataSync() as Float32Array;
  });
}

describe.each(['cpu', 'wasm'])('Conv2dInputGradientKernels on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(cases)('equals strided slice + reverse + transpose bit for bit: k$k s$stride p$pad', (c) => {
    const filter = tf.tensor4d(randomArray(c.k * c.k * cin * cout, 11), [c.k, c.k, cin, cout]);
    tf.tidy(() => {
      const kernels = Conv2dInputGradientKernels.build(filter, c.stride, c.pad);
      for (let rh = 0; rh < c.stride; rh++) {
        for (let rw = 0; rw < c.stride; rw++) {
          const expected = referenceKernel(filter, c, rh, rw);
          const actual = kernels.kernel(rh, rw);
          if (expected === null) {
            expect(actual).toBeNull();
          } else {
            expect(actual?.shape).toEqual(expected.shape);
            expect(Array.from(actual!.dataSync())).toEqual(Array.from(expected.dataSync()));
          }
        }
      }
    });
    filter.dispose();
  });

  it.each(cases)('prepared kernels give the same input gradient as built ones, bit for bit: k$k s$stride p$pad', (c) => {
    const x = tf.tensor4d(randomArray(2 * c.size * c.size * cin, 3), [2, c.size, c.size, cin]);
    const filter = tf.tensor4d(randomArray(c.k * c.k * cin * cout, 5), [c.k, c.k, cin, cout]);
    const prepared = Conv2dInputGradientKernels.prepare(filter, c.stride, c.pad);
    const withPrepared = inputGradient(x, filter, c, prepared);
    const built = inputGradient(x, filter, c, null);
    expect(Array.from(withPrepared)).toEqual(Array.from(built));
    expect(built.some((v) => v !== 0)).toBe(true);
    prepared.dispose();
    tf.dispose([x, filter]);
  });
});

describe('Conv2dInputGradientKernels lifecycle (wasm)', () => {
  const c: Case = { k: 3, stride: 2, pad: 1, size: 8 };
  let x: tf.Tensor4D;
  let filter: tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend('wasm');
    x = tf.tensor4d(randomArray(c.size * c.size * cin, 1), [1, c.size, c.size, cin]);
    filter = tf.tensor4d(randomArray(9 * cin * cout, 2), [3, 3, cin, cout]);
  });

  afterAll(() => {
    tf.dispose([x, filter]);
  });

  it('owns its kernels: registered until disposed, then freed and forgotten', () => {
    const before = tf.memory().numTensors;
    const prepared = Conv2dInputGradientKernels.prepare(filter, 2, 1);
    expect(prepared.id).toBeGreaterThan(0);
    expect(Conv2dInputGradientKernels.lookup(prepared.id)).toBe(prepared);
    expect(tf.memory().numTensors).toBe(before + 4);
    prepared.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(prepared.isDisposed).toBe(true);
    expect(Conv2dInputGradientKernels.lookup(prepared.id)).toBeUndefined();
  });

  it('is used by the gradient instead of building kernels (no Unpack/Pack of taps)', async () => {
    const prepared = Conv2dInputGradientKernels.prepare(filter, 2, 1);
    const kernelNames = async (kernels: Conv2dInputGradientKernels | null) =>
      (await tf.profile(() => void inputGradient(x, filter, c, kernels))).kernels.map((k) => k.name);
    expect(await kernelNames(null)).toContain('Unpack');
    expect(await kernelNames(prepared)).not.toContain('Unpack');
    prepared.dispose();
  });

  it('falls back to building kernels when the prepared ones were disposed', () => {
    const prepared = Conv2dInputGradientKernels.prepare(filter, 2, 1);
    const expected = inputGradient(x, filter, c, null);
    const grad = tf.tidy(() =>
      tf
        .grad((input: tf.Tensor) => {
          const y = conv2dFastGrad(input as tf.Tensor4D, filter, { stride: 2, pad: 1, activation: 'relu', inputGradientKernels: prepared });
          prepared.dispose(); // between the forward and the gradient
          return tf.sum(tf.mul(tf.reshape(y, [-1]), tf.tensor(randomArray(y.size, 7))));
        })(x)
        .dataSync(),
    );
    expect(Array.from(grad)).toEqual(Array.from(expected));
  });

  it('leaks nothing through forward + gradient with prepared kernels', () => {
    const prepared = Conv2dInputGradientKernels.prepare(filter, 2, 1);
    inputGradient(x, filter, c, prepared);
    const before = tf.memory().numTensors;
    inputGradient(x, filter, c, prepared);
    expect(tf.memory().numTensors).toBe(before);
    prepared.dispose();
  });

  it.each([
    { what: 'another filter shape', shape: [3, 3, cin, cout + 1] as const, stride: 2 as const, pad: 1 },
    { what: 'another stride', shape: [3, 3, cin, cout] as const, stride: 1 as const, pad: 1 },
    { what: 'another padding', shape: [3, 3, cin, cout] as const, stride: 2 as const, pad: 0 },
  ])('conv2dFastGrad refuses kernels prepared for $what (SHAPE_MISMATCH)', ({ shape, stride, pad }) => {
    const other = tf.zeros([...shape]) as tf.Tensor4D;
    const prepared = Conv2dInputGradientKernels.prepare(other, stride, pad);
    expect(() => tf.tidy(() => conv2dFastGrad(x, filter, { stride: 2, pad: 1, inputGradientKernels: prepared }))).toThrow(
      expect.objectContaining({ name: 'OpsError', code: 'SHAPE_MISMATCH' }) as unknown as Error,
    );
    prepared.dispose();
    other.dispose();
  });
});
