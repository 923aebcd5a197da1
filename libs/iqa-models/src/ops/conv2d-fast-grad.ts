import * as tf from '@tensorflow/tfjs';
import { Conv2dInputGradientKernels } from './conv2d-input-gradient-kernels';
import { OpsError } from './ops-error';

/**
 * 2-D convolution (NHWC input, HWIO filter, optional bias and ReLU) whose gradients are computed
 * with forward convolutions only.
 *
 * Why: on the wasm backend the stock `Conv2DBackpropInput` kernel is a naive loop, about 12×
 * slower than the XNNPACK forward conv, and `Conv2DBackpropFilter` is not registered at all.
 *
 * - Input gradient: the upstream gradient dy, zero-dilated by the stride (s−1 zeros between
 *   elements), convolved (stride 1) with the spatially flipped, in/out-transposed filter, with
 *   padding k−1−p before and whatever makes the output size equal the input size after. For
 *   stride 2 the same sum is computed without the zeros: split into the s² output phases, each a
 *   stride-1 conv of dy (undilated) with the sub-kernel of the taps that reach that phase, then
 *   interleaved: same numbers, a quarter of the multiply-adds. The (sub-)kernels are
 *   `Conv2dInputGradientKernels`: built in the gradient, or prepared once by the owner of a filter
 *   that is reused call after call (`inputGradientKernels`), so the backend keeps its operators.
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
  /**
   * Input-gradient kernels prepared from this very `filter` (`Conv2dInputGradientKernels.prepare`), reused
   * by the gradient instead of being rebuilt: pass them when the same filter tensor is used call after call
   * (its values must not change while they are in use). Must match the filter's shape, stride and padding.
   */
  readonly inputGradientKernels?: Conv2dInputGradientKernels | null;
}

/** A convolution of NHWC `x` [B,H,W,Cin] with HWIO `filter` [kh,kw,Cin,Cout]; see the file header. */
export function conv2dFastGrad(x: tf.Tensor4D, filter: tf.Tensor4D, options: Conv2dFastGradOptions = {}): tf.Tensor4D {
  const stride = options.stride ?? 1;
  const pad = options.pad === undefined || options.pad === 'valid' ? 0 : options.pad;
  const activation = options.activation ?? 'linear';
  const bias = options.bias ?? null;
  validate(x, filter, bias, stride, pad);
  const prepared = options.inputGradientKernels ?? null;
  if (prepared !== null && !prepared.fits(filter.shape, stride, pad)) {
    throw new OpsError(
      'SHAPE_MISMATCH',
      `conv2dFastGrad: input-gradient kernels prepared for filter [${prepared.filterShape.join(', ')}] stride ${prepared.stride} pad ${prepared.pad}, ` +
        `used with filter [${filter.shape.join(', ')}] stride ${stride} pad ${pad}`,
    );
  }
  ensureKernelRegistered(tf.getBackend());
  const inputs: tf.NamedTensorMap = bias === null ? { x, filter } : { x, filter, bias };
  const attrs: tf.NamedAttrMap = {
    strides: [stride, stride],
    pad: explicitPadding(pad, pad, pad, pad),
    dataFormat: 'NHWC',
    dilations: [1, 1],
    activation,
    inputGradientKernels: prepared?.id ?? 0,
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
      x: () => conv2dInputGradient(dyEff, inputGradientKernels(filter, attrs, stride, pad), x.shape, stride, pad),
      filter: () => conv2dFilterGradient(x, dyEff, filter.shape, stride, pad),
      bias: () => tf.sum(dyEff, [0, 1, 2]),
    };
  },
});

/** The prepared kernels the forward call named (if still registered and fitting), else kernels built now. */
function inputGradientKernels(filter: tf.Tensor4D, attrs: tf.NamedAttrMap, stride: number, pad: number): Conv2dInputGradientKernels {
  const id = attrs['inputGradientKernels'];
  const prepared = typeof id === 'number' && id > 0 ? Conv2dInputGradientKernels.lookup(id) : undefined;
  return prepared?.fits(filter.shape, stride, pad) ? prepared : Conv2dInputGradientKernels.build(filter, stride, pad);
}

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

/** ∂L/∂x of a conv with symmetric padding `pad`, as forward convs of dy (see the file header). */
function conv2dInputGradient(
  dy: tf.Tensor4D,
  kernels: Conv2dInputGradientKernels,
  xShape: [number, number, number, number],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const [b, h, w, cin] = xShape;
  const [kh, kw] = kernels.filterShape;
  const [, ho, wo] = dy.shape;
  if (stride === 1) {
    // Full correlation of dy with the flipped, transposed kernel: pad k−1−p before, and after
    // whatever makes the output h × w.
    const top = kh - 1 - pad;
    const left = kw - 1 - pad;
    return tf.conv2d(dy, kernels.kernel(0, 0)!, 1, explicitPadding(top, h + pad - ho, left, w + pad - wo));
  }
  // Stride s: output pixel i = s·m + r only receives kernel taps t ≡ r + p (mod s). Each of the s²
  // phases (r_h, r_w) is a stride-1 conv of dy with the flipped sub-kernel of those taps, i.e. the
  // dilated-dy conv without its multiplications by zero; phase (r_h, r_w) plane pixel (m, n) goes
  // to (s·m + r_h, s·n + r_w).
  const mh = Math.ceil(h / stride);
  const mw = Math.ceil(w / stride);
  const rows: tf.Tensor4D[] = [];
  for (let rh = 0; rh < stride; rh++) {
    const ph = phase(rh, kh, stride, pad, ho, mh);
    const planes: tf.Tensor4D[] = [];
    for (let rw = 0; rw < stride; rw++) {
      const pw = phase(rw, kw, stride, pad, wo, mw);
      if (ph.taps === 0 || pw.taps === 0) {
        planes.push(tf.zeros([b, mh, mw, cin]));
        continue;
      }
      const sub = kernels.kernel(rh, rw)!;
      const crop = ph.cropBefore + ph.cropAfter + pw.cropBefore + pw.cropAfter > 0;
      const source = crop
        ? tf.slice(dy, [0, ph.cropBefore, pw.cropBefore, 0], [b, ho - ph.cropBefore - ph.cropAfter, wo - pw.cropBefore - pw.cropAfter, dy.shape[3]])
        : dy;
      planes.push(tf.conv2d(source, sub, 1, explicitPadding(ph.before, ph.after, pw.before, pw.after)));
    }
    // Interleave along the width: [b, mh, mw, s, cin] → [b, mh, s·mw, cin].
    rows.push(tf.reshape(tf.stack(planes, 3), [b, mh, mw * stride, cin]) as tf.Tensor4D);
  }
  // Then along the height: [b, mh, s, s·mw, cin] → [b, s·mh, s·mw, cin]. (Two stacks are an order of
  // magnitude faster on wasm than depthToSpace or a rank-6 transpose.)
  const interleaved = tf.reshape(tf.stack(rows, 2), [b, mh * stride, mw * stride, cin]) as tf.Tensor4D;
  return mh * stride === h && mw * stride === w ? interleaved : tf.slice(interleaved, [0, 0, 0, 0], [b, h, w, cin]);
}

interface Phase {
  /** First kernel tap t0 ≡ r + p (mod s) of this phase. */
  readonly firstTap: number;
  /** Number of taps t0, t0 + s, ... below k (0: the phase gets no gradient). */
  readonly taps: number;
  /** Rows of dy dropped before / after, and zero rows added before / after. */
  readonly cropBefore: number;
  readonly cropAfter: number;
  readonly before: number;
  readonly after: number;
}

/**
 * Along one axis, for output phase r (pixels i = s·m + r): dx_r[m] = Σ_u dy[m + c − u]·w[t0 + s·u]
 * with t0 = (r + p) mod s and c = (r + p − t0)/s, a valid correlation of dy padded by taps−1−c
 * before, sized to give `planeLength` outputs (extra rows past the input are sliced off later).
 */
function phase(r: number, k: number, stride: number, pad: number, dyLength: number, planeLength: number): Phase {
  const firstTap = (r + pad) % stride;
  const taps = firstTap < k ? Math.ceil((k - firstTap) / stride) : 0;
  const c = (r + pad - firstTap) / stride;
  const before = taps - 1 - c;
  const after = planeLength + taps - 1 - before - dyLength;
  return {
    firstTap,
    taps,
    cropBefore: Math.max(-before, 0),
    cropAfter: Math.max(-after, 0),
    before: Math.max(before, 0),
    after: Math.max(after, 0),
  };
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
