import type * as tf from '@tensorflow/tfjs';
import { ArchitectureError } from './architecture-error';

/** Throws INVALID_INPUT unless `images` is an NHWC float32 batch of RGB images, INPUT_TOO_SMALL below `minSize`. */
export function checkRgbBatch(images: tf.Tensor, architecture: string, minSize: number): void {
  const [batch, height, width, channels] = images.shape;
  if (images.rank !== 4 || channels !== 3 || images.dtype !== 'float32') {
    throw new ArchitectureError('INVALID_INPUT', `${architecture}: expected NHWC float32 RGB [B, H, W, 3], got ${images.dtype} [${images.shape.join(', ')}]`);
  }
  if ((batch ?? 0) < 1) throw new ArchitectureError('INVALID_INPUT', `${architecture}: empty batch`);
  if ((height ?? 0) < minSize || (width ?? 0) < minSize) {
    throw new ArchitectureError('INPUT_TOO_SMALL', `${architecture}: ${height}×${width} input, at least ${minSize}×${minSize} needed`);
  }
}
