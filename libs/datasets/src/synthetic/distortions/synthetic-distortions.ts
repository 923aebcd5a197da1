import { contrastReductionDistortion } from './contrast-reduction.distortion';
import { gaussianBlurDistortion } from './gaussian-blur.distortion';
import { gaussianNoiseDistortion } from './gaussian-noise.distortion';
import { jpegCompressionDistortion } from './jpeg-compression.distortion';
import { quantizationDistortion } from './quantization.distortion';
import { saltAndPepperDistortion } from './salt-and-pepper.distortion';
import { type SyntheticDistortion } from './synthetic-distortion';

/** Every distortion of the synthetic generator, by id (explicit map; id must equal its key). */
export const SYNTHETIC_DISTORTIONS = {
  'gaussian-blur': gaussianBlurDistortion,
  'gaussian-noise': gaussianNoiseDistortion,
  jpeg: jpegCompressionDistortion,
  contrast: contrastReductionDistortion,
  'salt-and-pepper': saltAndPepperDistortion,
  quantization: quantizationDistortion,
} as const satisfies { [Id in string]: SyntheticDistortion<Id> };

export type SyntheticDistortionId = keyof typeof SYNTHETIC_DISTORTIONS;

export const SYNTHETIC_DISTORTION_IDS = Object.keys(SYNTHETIC_DISTORTIONS) as [SyntheticDistortionId, ...SyntheticDistortionId[]];
