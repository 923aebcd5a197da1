/**
 * An RGB image in memory: `data` is height × width × 3 (HWC, row-major, R G B), values in [0, 1].
 * The library never makes tensors; callers wrap `data` (e.g. `tf.tensor3d(data, [height, width, 3])`).
 */
export interface RgbImage {
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly channels: 3;
}
