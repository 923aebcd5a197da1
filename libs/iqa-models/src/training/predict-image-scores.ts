import * as tf from '@tensorflow/tfjs';
import type { IqaModel } from '../iqa-model';
import type { PatchSource } from './patch-sampler';
import { TrainingError } from './training-error';

/** Top-left corners of `size`-long windows covering `length`: 0, size, 2·size, …, the last one flush with the end. */
function tileStarts(length: number, size: number): number[] {
  const starts: number[] = [];
  for (let start = 0; start + size < length; start += size) starts.push(start);
  starts.push(length - size);
  return starts;
}

/** Crops of `size`×`size` covering the image (NHWC data), for fixed-size models. */
function fixedSizeTiles(image: PatchSource, height: number, width: number): { data: Float32Array; count: number } {
  if (image.height < height || image.width < width) {
    throw new TrainingError('INVALID_PATCH', `image ${image.key} is ${image.height}×${image.width}, smaller than the model's fixed ${height}×${width} input`);
  }
  const rows = tileStarts(image.height, height);
  const cols = tileStarts(image.width, width);
  const data = new Float32Array(rows.length * cols.length * height * width * 3);
  let offset = 0;
  for (const top of rows) {
    for (const left of cols) {
      for (let y = 0; y < height; y++) {
        const from = ((top + y) * image.width + left) * 3;
        data.set(image.data.subarray(from, from + width * 3), offset);
        offset += width * 3;
      }
    }
  }
  return { data, count: rows.length * cols.length };
}

/**
 * One score per image, as the model rates a whole image: the model's score of the whole image for
 * `any` and `patches` models (a patch-based model averages over its own patches inside `score`), the
 * mean over crops of the fixed size tiling the image (the last row and column flush with the border)
 * for `fixed` models. Consecutive images of equal size are scored together, `batchSize` at a time.
 * Synchronous; every tensor is freed.
 */
export function predictImageScores(model: IqaModel, images: readonly PatchSource[], batchSize: number): Float64Array {
  const scores = new Float64Array(images.length);
  const input = model.input;
  if (input.kind === 'fixed') {
    images.forEach((image, i) => {
      const { data, count } = fixedSizeTiles(image, input.height, input.width);
      scores[i] = tf.tidy(() => tf.mean(model.score(tf.tensor4d(data, [count, input.height, input.width, 3]))).dataSync()[0]!);
    });
    return scores;
  }
  let start = 0;
  while (start < images.length) {
    const first = images[start]!;
    let end = start + 1;
    while (end < images.length && end - start < batchSize && images[end]!.height === first.height && images[end]!.width === first.width) end += 1;
    const pixels = first.height * first.width * 3;
    const batch = new Float32Array((end - start) * pixels);
    for (let i = start; i < end; i++) batch.set(images[i]!.data, (i - start) * pixels);
    const offset = start;
    tf.tidy(() => {
      scores.set(model.score(tf.tensor4d(batch, [end - offset, first.height, first.width, 3])).dataSync(), offset);
    });
    start = end;
  }
  return scores;
}
