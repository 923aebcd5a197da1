import * as tf from '@tensorflow/tfjs';

export const RESIZE_METHODS = ['bilinear', 'nearest'] as const;
export type ResizeMethod = (typeof RESIZE_METHODS)[number];

/** The size an image of `size` pixels is shrunk to by `factor` (rounded, at least 1). */
export function shrunkSize(size: number, factor: number): number {
  return Math.max(1, Math.round(size * factor));
}

/**
 * Resize down by `factor` (0 < factor ≤ 1) and back up to the original size, with `method` both ways
 * (half-pixel centres, as PIL and OpenCV). Bilinear is linear and nearest a selection: TF.js differentiates both.
 */
export function resizeRoundTrip(images: tf.Tensor4D, factor: number, method: ResizeMethod): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = images.shape;
    const resize = (x: tf.Tensor4D, size: [number, number]) => (method === 'bilinear' ? tf.image.resizeBilinear(x, size, false, true) : tf.image.resizeNearestNeighbor(x, size, false, true));
    return resize(resize(images, [shrunkSize(h, factor), shrunkSize(w, factor)]), [h, w]);
  });
}
