import * as tf from '@tensorflow/tfjs';
import type { IqaModel } from '@rankfall/iqa-models';
import type { AttackKind } from '../attacks/attack-metadata';
import { AttackError } from './attack-error';
import { minimumImageSize } from './minimum-image-size';

function invalid(message: string): never {
  throw new AttackError('INVALID_INPUT', message);
}

/** [allFinite, min, max] of a tensor, read synchronously (three numbers). */
function valueSummary(x: tf.Tensor): { finite: boolean; min: number; max: number } {
  const values = tf.tidy(() => tf.stack([tf.cast(tf.all(tf.isFinite(x)), 'float32'), tf.min(x), tf.max(x)]).dataSync());
  return { finite: values[0] === 1, min: values[1] as number, max: values[2] as number };
}

/** Whether every value of a tensor is finite. */
export function allFinite(x: tf.Tensor): boolean {
  return valueSummary(x).finite;
}

function checkTensor(name: string, x: unknown, rank: number): asserts x is tf.Tensor {
  if (!(x instanceof tf.Tensor)) invalid(`${name} must be a tf.Tensor`);
  if (x.isDisposed) invalid(`${name} has been disposed`);
  if (x.rank !== rank) invalid(`${name} must have rank ${rank} (NHWC), got shape [${x.shape.join(', ')}]`);
  if (x.dtype !== 'float32') invalid(`${name} must be float32, got ${x.dtype}`);
}

/** Images: NHWC float32 RGB, N ≥ 1, finite, in [0,1], at least the model's minimum size. */
export function validateImages(images: unknown, model: IqaModel): asserts images is tf.Tensor4D {
  checkTensor('images', images, 4);
  const [n, h, w, c] = images.shape as [number, number, number, number];
  if (n < 1) invalid('images must hold at least one image');
  if (c !== 3) invalid(`images must have 3 channels (RGB, NHWC), got ${c}`);
  const min = minimumImageSize(model.input);
  if (h < min.height || w < min.width) {
    invalid(`images are ${h}×${w}, smaller than model '${model.id}' accepts (${min.height}×${min.width})`);
  }
  const summary = valueSummary(images);
  if (!summary.finite) invalid('images contain NaN or ±Infinity');
  if (summary.min < 0 || summary.max > 1) invalid(`images must be in [0,1], got values in [${summary.min}, ${summary.max}]`);
}

/** Model facts the runner relies on. */
export function validateModelFacts(model: IqaModel): void {
  const [lo, hi] = model.scoreRange;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    invalid(`model '${model.id}' has scoreRange [${lo}, ${hi}]; it must be finite with lo < hi`);
  }
}

/** Targets: required (N finite numbers) for targeted attacks, refused otherwise. */
export function validateTargets(targets: readonly number[] | undefined, kind: AttackKind, count: number): void {
  if (kind !== 'targeted') {
    if (targets !== undefined) invalid(`targets are only accepted by targeted attacks (this one is ${kind})`);
    return;
  }
  if (targets === undefined) invalid('this attack is targeted: the request needs one target score per image');
  if (targets.length !== count) invalid(`got ${targets.length} targets for ${count} images`);
  targets.forEach((t, i) => {
    if (!Number.isFinite(t)) invalid(`targets[${i}] = ${t} is not a finite number`);
  });
}

/** A universal perturbation to apply: [1,h,w,3] float32, finite; universal attacks only. */
export function validatePerturbation(perturbation: unknown, kind: AttackKind): void {
  if (perturbation === undefined) return;
  if (kind !== 'universal') invalid(`a perturbation is only accepted by universal attacks (this one is ${kind})`);
  checkTensor('perturbation', perturbation, 4);
  const [b, , , c] = perturbation.shape as [number, number, number, number];
  if (b !== 1 || c !== 3) invalid(`perturbation must have shape [1, h, w, 3], got [${perturbation.shape.join(', ')}]`);
  if (!valueSummary(perturbation).finite) invalid('perturbation contains NaN or ±Infinity');
}

export function validateSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) invalid(`seed must be an integer in [0, 2^32), got ${seed}`);
}
