import * as tf from '@tensorflow/tfjs';

/** Pads an NHWC batch by replicating its edge pixels (libjpeg's edge expansion; the border rule of blur and median). */
export function padEdge(images: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = images.shape;
    let out: tf.Tensor4D = images;
    if (top > 0 || bottom > 0) {
      const parts: tf.Tensor4D[] = [];
      if (top > 0) parts.push(tf.tile(tf.slice(out, [0, 0, 0, 0], [n, 1, w, c]), [1, top, 1, 1]));
      parts.push(out);
      if (bottom > 0) parts.push(tf.tile(tf.slice(out, [0, h - 1, 0, 0], [n, 1, w, c]), [1, bottom, 1, 1]));
      out = tf.concat(parts, 1);
    }
    if (left > 0 || right > 0) {
      const hh = out.shape[1];
      const parts: tf.Tensor4D[] = [];
      if (left > 0) parts.push(tf.tile(tf.slice(out, [0, 0, 0, 0], [n, hh, 1, c]), [1, 1, left, 1]));
      parts.push(out);
      if (right > 0) parts.push(tf.tile(tf.slice(out, [0, 0, w - 1, 0], [n, hh, 1, c]), [1, 1, right, 1]));
      out = tf.concat(parts, 2);
    }
    return out === images ? tf.clone(images) : out;
  });
}
