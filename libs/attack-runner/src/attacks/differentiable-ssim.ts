import * as tf from '@tensorflow/tfjs';

export interface DifferentiableSsimOptions {
  /** `piq.ssim`'s `downsample`: average-pool both images by f = round(min(H, W)/256) first when f ≥ 2. */
  readonly downsample?: boolean;
  readonly windowSize?: number;
  readonly sigma?: number;
  readonly k1?: number;
  readonly k2?: number;
}

function gaussianWindow(size: number, sigma: number): tf.Tensor4D {
  const half = (size - 1) / 2;
  const g = Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((a, b) => a + b, 0);
  const values: number[] = [];
  for (const gy of g) for (const gx of g) values.push((gy * gx) / (total * total));
  return tf.tensor4d(values, [size, size, 1, 1]);
}

/**
 * SSIM per image, differentiable on every TF.js backend (as `piq.ssim`, data range 1): each channel separately
 * with an 11×11 Gaussian window (σ 1.5), 'valid' positions only, C1 = (0.01)², C2 = (0.03)², the map averaged
 * over positions and then over channels. The window is a plain `conv2d` over images whose channels were moved
 * into the batch ([N,H,W,C] → [N·C,H,W,1]): a depthwise conv has no input gradient on wasm. Inputs NHWC in
 * [0,1] of the same shape; output [N].
 */
export function differentiableSsim(a: tf.Tensor4D, b: tf.Tensor4D, options: DifferentiableSsimOptions = {}): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, h, w, c] = a.shape;
    const size = options.windowSize ?? 11;
    const c1 = (options.k1 ?? 0.01) ** 2;
    const c2 = (options.k2 ?? 0.03) ** 2;
    const factor = Math.max(1, Math.round(Math.min(h, w) / 256));
    const pool = (x: tf.Tensor4D): tf.Tensor4D => (options.downsample && factor > 1 ? tf.avgPool(x, factor, factor, 'valid') : x);
    const toPlanes = (x: tf.Tensor4D): tf.Tensor4D => {
      const pooled = pool(x);
      const [, ph, pw] = pooled.shape;
      return tf.reshape(tf.transpose(pooled, [0, 3, 1, 2]), [n * c, ph, pw, 1]);
    };
    const pa = toPlanes(a);
    const pb = toPlanes(b);
    if (pa.shape[1] < size || pa.shape[2] < size) {
      throw new Error(`differentiableSsim: ${pa.shape[1]}×${pa.shape[2]} planes are smaller than the ${size}×${size} window`);
    }
    const window = gaussianWindow(size, options.sigma ?? 1.5);
    const filter = (x: tf.Tensor4D) => tf.conv2d(x, window, 1, 'valid');
    const muA = filter(pa);
    const muB = filter(pb);
    const muAA = tf.square(muA);
    const muBB = tf.square(muB);
    const muAB = tf.mul(muA, muB);
    const varA = tf.sub(filter(tf.square(pa)), muAA);
    const varB = tf.sub(filter(tf.square(pb)), muBB);
    const cov = tf.sub(filter(tf.mul(pa, pb)), muAB);
    const numerator = tf.mul(tf.add(tf.mul(muAB, 2), c1), tf.add(tf.mul(cov, 2), c2));
    const denominator = tf.mul(tf.add(tf.add(muAA, muBB), c1), tf.add(tf.add(varA, varB), c2));
    const perPlane = tf.mean(tf.div(numerator, denominator), [1, 2, 3]);
    return tf.mean(tf.reshape(perPlane, [n, c]), 1) as tf.Tensor1D;
  });
}
