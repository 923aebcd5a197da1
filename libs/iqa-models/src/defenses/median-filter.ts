import * as tf from '@tensorflow/tfjs';
import { padEdge } from './pad-edge';

/** Batcher's odd-even merge sort network on `n` wires (a power of two): the comparators (i < j: wire i gets the min). */
function oddEvenMergeSort(n: number): Array<readonly [number, number]> {
  const pairs: Array<readonly [number, number]> = [];
  for (let p = 1; p < n; p *= 2) {
    for (let k = p; k >= 1; k = Math.floor(k / 2)) {
      for (let j = k % p; j + k < n; j += 2 * k) {
        for (let i = 0; i < Math.min(k, n - j - k); i += 1) {
          if (Math.floor((i + j) / (2 * p)) === Math.floor((i + j + k) / (2 * p))) pairs.push([i + j, i + j + k]);
        }
      }
    }
  }
  return pairs;
}

/**
 * The comparators that decide the median of `count` (odd) values. Batcher's network on the next power of two,
 * restricted to the first `count` wires, still sorts them (think of the missing wires as +∞: a comparator that
 * touches one never moves a value), and only the comparators the median wire depends on are kept.
 */
export function medianNetwork(count: number): Array<readonly [number, number]> {
  let wires = 1;
  while (wires < count) wires *= 2;
  const all = oddEvenMergeSort(wires).filter(([, j]) => j < count);
  const needed = new Set([(count - 1) / 2]);
  const kept: Array<readonly [number, number]> = [];
  for (let c = all.length - 1; c >= 0; c -= 1) {
    const [i, j] = all[c] as readonly [number, number];
    if (!needed.has(i) && !needed.has(j)) continue;
    kept.push([i, j]);
    needed.add(i).add(j);
  }
  return kept.reverse();
}

/**
 * Median filter (k × k, k odd) of an NHWC batch, per channel, edge pixels replicated at the border. Built from
 * min/max comparators (a sorting network), so TF.js differentiates it: the exact gradient is a selection (1 at
 * the pixel that is the median, 0 elsewhere), which is why adaptive attacks use BPDA for it.
 */
export function medianFilter(images: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.tidy(() => {
    const r = (k - 1) / 2;
    const [n, h, w, c] = images.shape;
    const padded = padEdge(images, r, r, r, r);
    const count = k * k;
    const values: tf.Tensor[] = [];
    for (let dy = 0; dy < k; dy += 1) for (let dx = 0; dx < k; dx += 1) values.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
    for (const [i, j] of medianNetwork(count)) {
      const a = values[i] as tf.Tensor;
      const b = values[j] as tf.Tensor;
      values[i] = tf.minimum(a, b);
      values[j] = tf.maximum(a, b);
    }
    return values[(count - 1) / 2] as tf.Tensor4D;
  });
}
