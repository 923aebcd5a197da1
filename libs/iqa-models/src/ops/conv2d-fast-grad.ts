import * as tf from '@tensorflow/tfjs';
import { OpsError } from './ops-error';

/**
 * 2-D convolution (NHWC input, HWIO filter, optional bias and ReLU) whose gradients are computed
 * with forward convolutions only.
 *
 * Why: on the wasm backend the stock `Conv2DBackpropInput` kernel is a naive loop, about 12×
 * slower than the XNNPACK forward conv, and `Conv2DBackpropFilter` is not registered at all.
 *
 * - Input gradient: the upstream gradient dy, zero-dilated by the stride (a zero row/column after
 *   every element), is convolved (stride 1) with the spatially flipped, in/out-transposed filter,
 *   with padding (k−1−p) before and whatever makes the output size equal the input size after.
 * - Filter gradient: dW[i,j,c,o] = Σ_{b,y,x} xpad[b, s·y+i, s·x+j, c] · dy[b,y,x,o]. With the
 *   batch and channel axes of x swapped (x' = [C, H, W, B]) and the dilated dy used as the filter
 *   (dy' = [s·Ho, s·Wo, B, O]) this is a stride-1 conv2d(x', dy') whose output is
 *   [C, kh, kw, O]; transposing gives HWIO. The bottom/right padding of x' is chosen so the
 *   output is exactly kh × kw (the extra rows only ever meet the zeros of the dilated dy).
 * - Bias gradient: Σ_{b,y,x} dy.
 * - ReLU (optional, fused in the forward kernel): dy is masked by (y > 0) first.
 *
 * Implemented as a kernel of its own (delegating the forward to the backend's `FusedConv2D`)
 * with a registered gradient, rather than with `tf.customGrad`: a registered gradient is lazy per
 * input, so taking the gradient with respect to the image does not also pay for the filter
 * gradient (customGrad computes every input's gradient eagerly).
 */
export const CONV2D_FAST_GRAD_KERNEL = 'RankfallConv2DFastGrad';

/** Padding: p zeros on every side (PyTorch `padding=p`), or `'valid'` (= 0). */
export type Conv2dFastGradPadding = number | 'valid';

export interface Conv2dFastGradOptions {
  /** Same stride along height and width. Default 1. */
  readonly stride?: 1 | 2;
  /** Default `'valid'`. */
  readonly pad?: Conv2dFastGradPadding;
  /** Rank-1 bias of length outChannels. */
  readonly bias?: tf.Tensor1D | null;
  /** Activation fused into the forward kernel. Default `'linear'`. */
  readonly activation?: 'linear' | 'relu';
}

/** A convolution of NHWC `x` [B,H,W,Cin] with HWIO `filter` [kh,kw,Cin,Cout]; see the file header. */
export function conv2dFastGrad(x: tf.Tensor4D, filter: tf.Tensor4D, options: Conv2dFastGradOptions = {}): tf.Tensor4D {
  const stride = options.stride ?? 1;
  const pad = options.pad === undefined || options.pad === 'valid' ? 0 : options.pad;
  const activation = options.activation ?? 'linear';
  const bias = options.bias ?? null;
  validate(x, filter, bias, stride, pad);
  ensureKernelRegistered(tf.getBackend());
  const inputs: tf.NamedTensorMap = bias === null ? { x, filter } : { x, filter, bias };
  const attrs: tf.NamedAttrMap = {
    strides: [stride, stride],
    pad: explicitPadding(pad, pad, pad, pad),
    dataFormat: 'NHWC',
    dilations: [1, 1],
    activation,
  };
  return tf.engine().runKernel(CONV2D_FAST_GRAD_KERNEL, inputs, attrs) as tf.Tensor4D;
}

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

function explicitPadding(top: number, bottom: number, left: number, right: number): ExplicitPadding | 'valid' {
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return 'valid';
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

function validate(x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor | null, stride: number, pad: number): void {
  if (stride !== 1 && stride !== 2) {
    throw new OpsError('UNSUPPORTED_STRIDE', `conv2dFastGrad: stride ${stride} (supported: 1, 2)`);
  }
  if (x.rank !== 4 || filter.rank !== 4) {
    throw new OpsError('SHAPE_MISMATCH', `conv2dFastGrad: x and filter must be rank 4, got ${x.rank} and ${filter.rank}`);
  }
  const [, h, w, cin] = x.shape as [number, number, number, number];
  const [kh, kw, fin, cout] = filter.shape as [number, number, number, number];
  if (cin !== fin) {
    throw new OpsError('SHAPE_MISMATCH', `conv2dFastGrad: x has ${cin} channels, filter expects ${fin}`);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== cout)) {
    throw new OpsError('SHAPE_MISMATCH', `conv2dFastGrad: bias shape [${bias.shape.join(', ')}], expected [${cout}]`);
  }
  if (!Number.isInteger(pad) || pad < 0 || pad > Math.min(kh, kw) - 1) {
    throw new OpsError('UNSUPPORTED_PADDING', `conv2dFastGrad: pad ${pad} with a ${kh}×${kw} kernel (need 0 ≤ pad ≤ k−1)`);
  }
  if (h + 2 * pad < kh || w + 2 * pad < kw) {
    throw new OpsError('SHAPE_MISMATCH', `conv2dFastGrad: input ${h}×${w} (pad ${pad}) smaller than the ${kh}×${kw} kernel`);
  }
}

const registeredBackends = new Set<string>();

/** Registers the forward kernel for `backendName` (delegating to its FusedConv2D) once. */
function ensureKernelRegistered(backendName: string): void {
  if (registeredBackends.has(backendName)) return;
  if (tf.getKernel(CONV2D_FAST_GRAD_KERNEL, backendName) === undefined) {
    const fused = tf.getKernel(tf.FusedConv2D, backendName);
    if (fused === undefined) {
      throw new OpsError('UNSUPPORTED_BACKEND', `conv2dFastGrad: backend '${backendName}' has no FusedConv2D kernel`);
    }
    tf.registerKernel({ kernelName: CONV2D_FAST_GRAD_KERNEL, backendName, kernelFunc: (args) => fused.kernelFunc(args) });
  }
  registeredBackends.add(backendName);
}

tf.registerGradient({
  kernelName: CONV2D_FAST_GRAD_KERNEL,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const stride = (attrs['strides'] as [number, number])[0];
    const padAttr = attrs['pad'] as ExplicitPadding | 'valid';
    const pad = padAttr === 'valid' ? 0 : padAttr[1][0];
    const upstream = dy as tf.Tensor4D;
    const dyEff: tf.Tensor4D = attrs['activation'] === 'relu' ? tf.mul(upstream, tf.step(y)) : upstream;
    return {
      x: () => conv2dInputGradient(dyEff, filter, x.shape, stride, pad),
      filter: () => conv2dFilterGradient(x, dyEff, filter.shape, stride, pad),
      bias: () => tf.sum(dyEff, [0, 1, 2]),
    };
  },
});

/**
 * dy [B,Ho,Wo,C] with s−1 zeros after every element along height and width: [B, s·Ho, s·Wo, C]
 * (one trailing zero row/column more than the classic (Ho−1)·s+1 dilation; callers account for it).
 */
function dilate(dy: tf.Tensor4D, stride: number): tf.Tensor4D {
  if (stride === 1) return dy;
  const [b, ho, wo, c] = dy.shape;
  const spread = tf.reshape(dy, [b, ho, 1, wo, 1, c]);
  const padded = tf.pad(spread, [
    [0, 0],
    [0, 0],
    [0, stride - 1],
    [0, 0],
    [0, stride - 1],
    [0, 0],
  ]);
  return tf.reshape(padded, [b, ho * stride, wo * stride, c]);
}

/** ∂L/∂x of a conv with symmetric padding `pad`, as a forward conv of the dilated dy. */
function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  xShape: [number, number, number, number],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const [, h, w] = xShape;
  const [kh, kw] = filter.shape;
  let dilated = dilate(dy, stride);
  // Padded length must be h + kh − 1 so that a valid stride-1 conv gives h rows.
  const top = kh - 1 - pad;
  const left = kw - 1 - pad;
  let bottom = h + kh - 1 - top - dilated.shape[1];
  let right = w + kw - 1 - left - dilated.shape[2];
  if (bottom < 0 || right < 0) {
    const [b, dh, dw, c] = dilated.shape;
    dilated = tf.slice(dilated, [0, 0, 0, 0], [b, dh + Math.min(bottom, 0), dw + Math.min(right, 0), c]);
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  return tf.conv2d(dilated, flipped, 1, explicitPadding(top, bottom, left, right));
}

/** ∂L/∂filter as a forward conv with batch and channel axes swapped (see the file header). */
function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const [, h, w] = x.shape;
  const [kh, kw] = filterShape;
  const dilated = dilate(dy, stride);
  const [, dh, dw] = dilated.shape;
  const xSwapped = tf.transpose(x, [3, 1, 2, 0]); // [Cin, H, W, B]
  const dySwapped = tf.transpose(dilated, [1, 2, 0, 3]); // [s·Ho, s·Wo, B, Cout]
  // Output rows = pad + h + bottom − dh + 1 = kh.
  const bottom = kh - 1 + dh - h - pad;
  const right = kw - 1 + dw - w - pad;
  const grad = tf.conv2d(xSwapped, dySwapped, 1, explicitPadding(pad, bottom, pad, right)); // [Cin, kh, kw, Cout]
  return tf.transpose(grad, [1, 2, 0, 3]);
}
