import * as tf from '@tensorflow/tfjs';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';

function matlabCubic(x: number): number {
  const a = Math.abs(x);
  if (a <= 1) return 1.5 * a ** 3 - 2.5 * a ** 2 + 1;
  if (a <= 2) return -0.5 * a ** 3 + 2.5 * a ** 2 - 4 * a + 2;
  return 0;
}

/**
 * MATLAB `imresize(x, 0.5)` (bicubic, antialiasing on) along one axis of length n as a
 * [ceil(n/2), n] row-major matrix: the kernel is widened to 8 taps (h(x) = ½·cubic(x/2)), each row
 * normalised to 1, out-of-range taps mirrored (symmetric) back into the image, as imresize's
 * contributions() does.
 */
export function matlabHalfMatrix(n: number): Float32Array {
  const scale = 0.5;
  const out = Math.ceil(n * scale);
  const m = new Float64Array(out * n);
  const width = 4 / scale;
  const taps = Math.ceil(width) + 2;
  for (let i = 0; i < out; i++) {
    const u = (i + 1) / scale + 0.5 * (1 - 1 / scale);
    const left = Math.floor(u - width / 2);
    const weights = Array.from({ length: taps }, (_, k) => scale * matlabCubic(scale * (u - (left + k))));
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, k) => {
      const j1 = left + k; // 1-based
      const period = 2 * n;
      const r = ((((j1 - 1) % period) + period) % period) + 1;
      const src = r <= n ? r - 1 : period - r;
      m[i * n + src] = (m[i * n + src] as number) + w / total;
    });
  }
  return Float32Array.from(m);
}

/**
 * OpenCV `cv::resize(x, size/2 (floor), INTER_CUBIC)` along one axis as a [floor(n/2), n] matrix:
 * 4-tap Keys cubic with a = −0.75, half-pixel centres (source x = 2i + 0.5), replicate border.
 */
export function opencvHalfMatrix(n: number): Float32Array {
  const out = Math.floor(n / 2);
  const a = -0.75;
  const w = (x: number): number => {
    const t = Math.abs(x);
    if (t <= 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
    if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
    return 0;
  };
  const m = new Float64Array(out * n);
  for (let i = 0; i < out; i++) {
    const sx = (i + 0.5) * (n / out) - 0.5;
    const x0 = Math.floor(sx);
    const f = sx - x0;
    for (let k = -1; k <= 2; k++) {
      const src = Math.min(Math.max(x0 + k, 0), n - 1);
      m[i * n + src] = (m[i * n + src] as number) + w(f - k);
    }
  }
  return Float32Array.from(m);
}

/** Applies row matrix A [h', H] and column matrix B [w', W] to [N, H, W]: A · X · Bᵀ per image. */
export function resizeSeparable(x: tf.Tensor3D, rows: Float32Array, outRows: number, cols: Float32Array, outCols: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    const a = tf.tensor2d(rows, [outRows, h]);
    const b = tf.tensor2d(cols, [outCols, w]);
    const alongCols = tf.reshape(tf.matMul(tf.reshape(x, [n * h, w]), b, false, true), [n, h, outCols]);
    const t = tf.reshape(tf.transpose(alongCols, [1, 0, 2]), [h, n * outCols]);
    const both = tf.reshape(tf.matMul(a, t), [outRows, n, outCols]);
    return tf.transpose(both, [1, 0, 2]) as tf.Tensor3D;
  });
}

/**
 * The scale-2 image of [N, H, W] by `method`: separable stride-2 FIRs with the border rule as
 * padding (cheap, and a cheap gradient). For scale exactly ½ every output row of the matrices above
 * has the same taps (MATLAB's per-row normalisation is the same everywhere: the kernel is whole
 * before mirroring), so both give the same numbers; a spec checks it. OpenCV's scale is n/⌊n/2⌋,
 * exactly 2 only for even n; odd sizes use the matrices.
 */
export function downscaleHalf(x: tf.Tensor3D, method: 'matlab-bicubic-antialias' | 'opencv-cubic'): tf.Tensor3D {
  const [, h, w] = x.shape;
  if (method === 'matlab-bicubic-antialias') return downscaleHalfFir(x, MATLAB_HALF);
  // cv::resize scales by n/⌊n/2⌋, which is 2 only for even n: odd sizes keep the per-row matrices.
  return h % 2 === 0 && w % 2 === 0 ? downscaleHalfFir(x, OPENCV_HALF) : downscaleHalfByMatrices(x, method);
}

/** The scale-2 image by the dense resampling matrices (the reference form of downscaleHalf). */
export function downscaleHalfByMatrices(x: tf.Tensor3D, method: 'matlab-bicubic-antialias' | 'opencv-cubic'): tf.Tensor3D {
  const [, h, w] = x.shape;
  if (method === 'matlab-bicubic-antialias') return resizeSeparable(x, matlabHalfMatrix(h), Math.ceil(h / 2), matlabHalfMatrix(w), Math.ceil(w / 2));
  return resizeSeparable(x, opencvHalfMatrix(h), Math.floor(h / 2), opencvHalfMatrix(w), Math.floor(w / 2));
}

/** One axis of a ×½ resampling as a stride-2 FIR: taps, the padding that realises the border rule, and the output length. */
export interface HalfResampler {
  readonly taps: readonly number[];
  readonly padLeft: number;
  /** Border rule: `symmetric` (edge repeated, MATLAB) or `replicate` (OpenCV). */
  readonly border: 'symmetric' | 'replicate';
  readonly outLength: (n: number) => number;
}

/** MATLAB imresize(0.5) bicubic antialiased: 8 taps ½·cubic(d/2) at d = ±0.5 … ±3.5, normalised; output i reads 2i − 3 … 2i + 4. */
export const MATLAB_HALF: HalfResampler = (() => {
  const raw = [3.5, 2.5, 1.5, 0.5, -0.5, -1.5, -2.5, -3.5].map((d) => 0.5 * matlabCubic(d / 2));
  const total = raw.reduce((a, b) => a + b, 0);
  return { taps: raw.map((w) => w / total), padLeft: 3, border: 'symmetric', outLength: (n) => Math.ceil(n / 2) };
})();

/** cv::resize INTER_CUBIC to ⌊n/2⌋: Keys a = −0.75 at ±0.5, ±1.5; output i reads 2i − 1 … 2i + 2. */
export const OPENCV_HALF: HalfResampler = { taps: [-0.09375, 0.59375, 0.59375, -0.09375], padLeft: 1, border: 'replicate', outLength: (n) => Math.floor(n / 2) };

/** Pads the last axis of [N, L] by `left`/`right` with the border rule. */
function padAxis(x: tf.Tensor2D, left: number, right: number, border: HalfResampler['border']): tf.Tensor2D {
  const [n, length] = x.shape;
  const parts: tf.Tensor2D[] = [];
  const edge = (start: number, count: number, reversed: boolean): tf.Tensor2D => {
    const slice = tf.slice(x, [0, start], [n, count]);
    return reversed ? tf.reverse(slice, 1) : slice;
  };
  if (left > 0) parts.push(border === 'symmetric' ? edge(0, left, true) : tf.tile(edge(0, 1, false), [1, left]));
  parts.push(x);
  if (right > 0) parts.push(border === 'symmetric' ? edge(length - right, right, true) : tf.tile(edge(length - 1, 1, false), [1, right]));
  return parts.length === 1 ? x : tf.concat(parts, 1);
}

/** Resamples the last axis of [N, L] by ½ with `r` (a convolution kept at every other sample; conv2dFastGrad for a cheap gradient on wasm). */
function halfAxis(x: tf.Tensor2D, r: HalfResampler): tf.Tensor2D {
  const [n, length] = x.shape;
  const out = r.outLength(length);
  const k = r.taps.length;
  const needed = 2 * (out - 1) + k; // padded length the last output reads
  const right = Math.max(0, needed - r.padLeft - length);
  if (r.border === 'symmetric' && (r.padLeft > length || right > length)) throw new Error(`resize: ${length} samples are too few for symmetric padding`);
  const padded = padAxis(x, r.padLeft, right, r.border);
  const columns = tf.reshape(padded, [n, length + r.padLeft + right, 1, 1]) as tf.Tensor4D;
  // Stride 1, then every other sample: the stride-2 gradient interleaves phases (slow on wasm).
  const filtered = tf.reshape(conv2dFastGrad(columns, tf.tensor4d([...r.taps], [k, 1, 1, 1])), [n, -1]);
  const even = tf.slice(filtered, [0, 0], [n, 2 * out - 1]);
  const pairs = tf.reshape(tf.pad(even, [[0, 0], [0, 1]]), [n, out, 2]);
  return tf.reshape(tf.slice(pairs, [0, 0, 0], [n, out, 1]), [n, out]);
}

/** The scale-2 image of [N, H, W] by separable stride-2 FIRs (the same numbers as the matrices above). */
export function downscaleHalfFir(x: tf.Tensor3D, r: HalfResampler): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    const alongW = tf.reshape(halfAxis(tf.reshape(x, [n * h, w]) as tf.Tensor2D, r), [n, h, r.outLength(w)]);
    const ow = r.outLength(w);
    const t = tf.reshape(tf.transpose(alongW, [0, 2, 1]), [n * ow, h]) as tf.Tensor2D;
    const alongH = tf.reshape(halfAxis(t, r), [n, ow, r.outLength(h)]);
    return tf.transpose(alongH, [0, 2, 1]) as tf.Tensor3D;
  });
}
