/** Default largest image (width × height) image IO accepts: 40 megapixels. */
export const DEFAULT_MAX_PIXELS = 40_000_000;

/** Options shared by the image readers. */
export interface ImageReadOptions {
  /** Refuse images with more pixels than this (checked from the header before decoding). Default 40 MP. */
  maxPixels?: number;
  /** Name used in errors when the source is a buffer (a path names itself). */
  name?: string;
}
