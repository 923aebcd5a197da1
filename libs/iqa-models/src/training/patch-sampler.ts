import { TrainingError } from './training-error';

/** An HWC RGB float32 image (what `decodeImage` returns), named for error messages. */
export interface PatchSource {
  readonly key: string;
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
}

/** Where a patch is cut: its top-left corner, and whether it is mirrored left–right. */
export interface PatchPlacement {
  readonly top: number;
  readonly left: number;
  readonly flipped: boolean;
}

/**
 * A uniformly random placement of a `size`×`size` patch in a `height`×`width` image (every corner
 * equally likely), mirrored with probability ½ when `flip`. Draws two numbers from `random`, three
 * with `flip`, in that order (so a seeded generator gives the same patches on every backend).
 */
export function drawPatchPlacement(height: number, width: number, size: number, flip: boolean, random: () => number): PatchPlacement {
  const top = Math.floor(random() * (height - size + 1));
  const left = Math.floor(random() * (width - size + 1));
  const flipped = flip && random() < 0.5;
  return { top, left, flipped };
}

/** Copies the patch at `placement` of `source` into `out` at element `offset` (HWC, 3 channels). */
export function copyPatch(source: PatchSource, placement: PatchPlacement, size: number, out: Float32Array, offset: number): void {
  const { data, width } = source;
  const { top, left, flipped } = placement;
  for (let y = 0; y < size; y++) {
    const rowStart = ((top + y) * width + left) * 3;
    const outRow = offset + y * size * 3;
    if (!flipped) {
      out.set(data.subarray(rowStart, rowStart + size * 3), outRow);
      continue;
    }
    for (let x = 0; x < size; x++) {
      const from = rowStart + (size - 1 - x) * 3;
      const to = outRow + x * 3;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
    }
  }
}

/**
 * A training batch of random patches: `patchesPerImage` patches of each source, in source order
 * (patches of source i at rows i·P … i·P + P − 1), as NHWC data [N·P, size, size, 3] ready for
 * `tf.tensor4d`. Throws INVALID_PATCH when a source is smaller than the patch (naming it).
 */
export function samplePatchBatch(
  sources: readonly PatchSource[],
  size: number,
  patchesPerImage: number,
  flip: boolean,
  random: () => number,
): Float32Array {
  const patchLength = size * size * 3;
  const out = new Float32Array(sources.length * patchesPerImage * patchLength);
  let offset = 0;
  for (const source of sources) {
    if (source.height < size || source.width < size) {
      throw new TrainingError('INVALID_PATCH', `image ${source.key} is ${source.height}×${source.width}, smaller than the ${size}×${size} training patch`);
    }
    for (let p = 0; p < patchesPerImage; p++) {
      copyPatch(source, drawPatchPlacement(source.height, source.width, size, flip, random), size, out, offset);
      offset += patchLength;
    }
  }
  return out;
}
