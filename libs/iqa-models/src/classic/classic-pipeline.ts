/**
 * How a classic NR-IQA pipeline (BRISQUE, NIQE) turns an RGB image into natural-scene-statistics
 * features. Each reference implementation made its own choices; an architecture fixes one set, so
 * behaviour follows the architecture (and so the catalog entry), never a model's name.
 */
export interface ClassicGrayscale {
  /** Luma weights applied to R, G, B on 0–255. */
  readonly weights: readonly [number, number, number];
  /**
   * `round`: the input is quantised to 8 bits and the weighted sum rounded (MATLAB rgb2gray on
   * uint8); `opencv-fixed`: 8-bit input, (R·4899 + G·9617 + B·1868 + 8192) >> 14 (cv::cvtColor
   * BGR2GRAY on CV_8U); `none`: float luma of the float input (skimage rgb2gray).
   * The gradient is always the straight-through one of the linear formula.
   */
  readonly quantize: 'round' | 'opencv-fixed' | 'none';
}

/** Which natural-scene statistics make the 18 features of one scale (see nss-features.ts). */
export interface NssVariant {
  /** Features 1–2 of the MSCN map: GGD (α, σ²); AGGD (α, (σl² + σr²)/2); AGGD (α, (βl + βr)/2). */
  readonly mscnFit: 'ggd' | 'aggd-variance' | 'aggd-beta';
  /**
   * Neighbour products: `circular` (MATLAB circshift, within the block), `zero-fill` (OpenCV:
   * out-of-image neighbours are 0 and still counted), `crop` (only pairs inside the image).
   */
  readonly pairs: 'circular' | 'zero-fill' | 'crop';
  /** Features of each product map: (α, η, σl², σr²) or NIQE's (α, η, βl, βr). */
  readonly pairFeatures: 'std' | 'beta';
  /** Whether zeros count on the right (x ≥ 0, imquality) or on neither side (x > 0 / x < 0, MATLAB, OpenCV). */
  readonly zeroSide: 'none' | 'right';
  /** The four neighbour offsets (row, column), in feature order. */
  readonly shifts: readonly (readonly [number, number])[];
}

export interface ClassicPipeline {
  readonly grayscale: ClassicGrayscale;
  /** Border of the 7×7 Gaussian (σ 7/6) local mean/deviation: zeros (filter2 'same') or replicate. */
  readonly border: 'zero' | 'replicate';
  /** Scale-2 image: MATLAB imresize(0.5) bicubic with antialiasing, or cv::resize INTER_CUBIC to floor(n/2). */
  readonly downscale: 'matlab-bicubic-antialias' | 'opencv-cubic';
  readonly nss: NssVariant;
}

/** MATLAB rgb2gray's weights (the first row of inv of the NTSC matrix). */
export const MATLAB_RGB2GRAY: readonly [number, number, number] = [0.298936021293775, 0.587043074451121, 0.114020904255103];
/** OpenCV's BGR2GRAY weights (ITU-R 601). */
export const OPENCV_RGB2GRAY: readonly [number, number, number] = [0.299, 0.587, 0.114];
