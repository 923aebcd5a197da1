import type * as tf from '@tensorflow/tfjs';
import { gaussianBlur } from './gaussian-blur';
import { jpegRoundTrip } from './jpeg-round-trip';
import { medianFilter } from './median-filter';
import { resizeRoundTrip, type ResizeMethod } from './resize-round-trip';

/** A parameter that is either fixed or drawn uniformly from `[lo, hi]` on every forward pass (a randomised defense). */
export type DefenseParam = number | readonly [lo: number, hi: number];

/** The parameters of each defense, ranges allowed where a random draw makes sense. */
export interface DefenseParams {
  jpeg: { readonly quality: DefenseParam };
  resize: { readonly factor: DefenseParam; readonly method: ResizeMethod };
  blur: { readonly sigma: DefenseParam };
  median: { readonly k: number };
}
export type DefenseKind = keyof DefenseParams;

/** One defense: what it is, whether TF.js's gradient of it is informative, and the purification with drawn parameters. */
export interface DefenseDefinition<K extends DefenseKind> {
  readonly kind: K;
  readonly name: string;
  /** true when TF.js's exact gradient carries the signal an attacker needs (blur, resize, median's selection); false for JPEG (zero). EOT differentiates each draw exactly when true, through BPDA when false. */
  readonly differentiable: boolean;
  /** Integer parameters are drawn as integers. */
  readonly integerParams: readonly string[];
  purify(images: tf.Tensor4D, params: { readonly [P in keyof DefenseParams[K]]: DefenseParams[K][P] extends DefenseParam ? number : DefenseParams[K][P] }): tf.Tensor4D;
}

/** Every defense, keyed by kind (docs/defenses.md describes each). */
export const defenseRegistry: { readonly [K in DefenseKind]: DefenseDefinition<K> } = {
  jpeg: { kind: 'jpeg', name: 'JPEG re-compression', differentiable: false, integerParams: ['quality'], purify: (x, p) => jpegRoundTrip(x, p.quality) },
  resize: { kind: 'resize', name: 'Resize down and up', differentiable: true, integerParams: [], purify: (x, p) => resizeRoundTrip(x, p.factor, p.method) },
  blur: { kind: 'blur', name: 'Gaussian blur', differentiable: true, integerParams: [], purify: (x, p) => gaussianBlur(x, p.sigma) },
  median: { kind: 'median', name: 'Median filter', differentiable: true, integerParams: ['k'], purify: (x, p) => medianFilter(x, p.k) },
};

export const defenseKinds = Object.keys(defenseRegistry) as DefenseKind[];

/** A defense with its parameters (as stored on a run's config). */
export type DefenseSpec = { [K in DefenseKind]: { readonly kind: K; readonly params: DefenseParams[K] } }[DefenseKind];
