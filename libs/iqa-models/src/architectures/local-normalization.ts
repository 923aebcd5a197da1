import * as tf from '@tensorflow/tfjs';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';

/** numpy.pad(mode='symmetric') of `pad` elements on both sides of `axis` (pad ≤ size), differentiable. */
function symmetricPad(x: tf.Tensor4D, axis: 1 | 2, pad: number): tf.Tensor4D {
  if (pad === 0) return x;
  const size = x.shape[axis];
  const part = (start: number): tf.Tensor4D => {
    const begin = [0, 0, 0, 0];
    const extent = [...x.shape];
    begin[axis] = start;
    extent[axis] = pad;
    return tf.reverse(tf.slice(x, begin, extent), axis);
  };
  return tf.concat([part(0), x, part(size - pad)], axis);
}

/**
 * CNNIQA's `LocalNormalization(patch, P=3, Q=3, C=1)` (lidq92/CNNIQA) on NHWC one-channel
 * images [N, H, W, 1], each normalised on its own:
 * mean = convolve2d(x, ones(P,Q)/(P·Q), boundary='symm', mode='same'), the same for x², then
 * (x − mean) / (√max(mean(x²) − mean², 0) + C).
 *
 * SciPy's 'symm' boundary mirrors including the edge pixel (numpy 'symmetric'). It is built from
 * slices, reverses and concats, NOT `tf.mirrorPad`: tfjs 4.22's MirrorPad gradient only slices the
 * centre out of dy and drops what flows through the mirrored border copies (wrong at the borders).
 * The box filter is a plain (not depthwise) conv2d, so gradients work on wasm. Note the window is
 * P×Q (3×3), not (2P+1)×(2Q+1): the reference outputs decide. The square root's argument is
 * floored at 1e-12 so flat regions keep a finite gradient (the value moves by at most 1e-6).
 * P and Q must be odd.
 */
export function localNormalization(x: tf.Tensor4D, p = 3, q = 3, c = 1): tf.Tensor4D {
  return tf.tidy(() => {
    const top = (p - 1) / 2;
    const left = (q - 1) / 2;
    const box = tf.fill([p, q, 1, 1], 1 / (p * q)) as tf.Tensor4D;
    const mean = (t: tf.Tensor4D): tf.Tensor4D => conv2dFastGrad(symmetricPad(symmetricPad(t, 1, top), 2, left), box);
    const mu = mean(x);
    const variance = tf.sub(mean(tf.square(x)), tf.square(mu));
    const std = tf.sqrt(tf.maximum(variance, 1e-12));
    return tf.div(tf.sub(x, mu), tf.add(std, c)) as tf.Tensor4D;
  });
}
