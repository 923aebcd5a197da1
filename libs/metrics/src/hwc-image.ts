/** Pixel storage accepted by the image metrics (PSNR, SSIM). */
export type HwcImageData = Float32Array | Float64Array | Uint8Array | Uint8ClampedArray | readonly number[];

/**
 * A plain image, HWC interleaved: the value of channel `c` at row `y`, column `x` is
 * `data[(y * width + x) * channels + c]`. Values are on the scale given by the metric's `dataRange`
 * option (1 for [0,1] images, 255 for 8-bit values).
 */
export interface HwcImage {
  readonly data: HwcImageData;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}
