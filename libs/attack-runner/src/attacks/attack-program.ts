import type * as tf from '@tensorflow/tfjs';
import type { IqaModel, ScoreRange } from '@rankfall/iqa-models';
import type { AttackConfigBase, AttackConfigDefinition } from './define-attack-config';

/** +1: the objective raises the model's raw score; −1: it lowers it. Decided by the runner from `lowerBetter`. */
export type ScoreDirection = 1 | -1;

/**
 * What the runner hands an attack. Every tensor here is owned by the runner (never dispose it, never return it
 * as part of a state: the runner protects it anyway).
 */
export interface AttackContext {
  readonly model: IqaModel;
  /** The clean images, NHWC float32 in [0,1]. */
  readonly clean: tf.Tensor4D;
  /** f(clean), one score per image. */
  readonly cleanScores: tf.Tensor1D;
  /** Per-image target scores (targeted attacks), else null. */
  readonly targets: tf.Tensor1D | null;
  /** A trained universal perturbation to apply (universal attacks, apply path), else null. */
  readonly perturbation: tf.Tensor4D | null;
  /** Sign of the raw-score change the objective asks for (from the goal and the model's `lowerBetter`). */
  readonly direction: ScoreDirection;
  readonly scoreRange: ScoreRange;
  /** Seed for every random draw of the attack. */
  readonly seed: number;
}

/**
 * The iterate and the attack's own tensors (momentum, Adam moments, best-so-far, masks). The runner disposes
 * every tensor of a replaced state that the new state does not carry over.
 */
export interface AttackState<Aux extends Readonly<Record<string, tf.Tensor>> = Readonly<Record<string, tf.Tensor>>> {
  readonly x: tf.Tensor4D;
  readonly aux: Aux;
}

export interface AttackStep<Aux extends Readonly<Record<string, tf.Tensor>> = Readonly<Record<string, tf.Tensor>>> {
  /** The next state; the runner projects `x` onto the budget and [0,1] afterwards. */
  readonly state: AttackState<Aux>;
  /** f at the iterate this step started from, one per image (a by-product of the gradient). */
  readonly scores: tf.Tensor1D;
  /** Optional scalar: non-zero when the attack has converged (early stop after this step). */
  readonly done?: tf.Tensor;
}

/**
 * One attack on one batch, as pure functions of an immutable parsed config closed over by `perturb`.
 * `init`, `step` and `finish` are synchronous and run inside `tf.tidy` (the runner's), so any tensor they
 * create and do not return is freed.
 */
export interface AttackProgram<Aux extends Readonly<Record<string, tf.Tensor>> = Readonly<Record<string, tf.Tensor>>> {
  /** Number of steps (an upper bound when the attack may stop early). */
  readonly iterations: number;
  init(): AttackState<Aux>;
  step(state: AttackState<Aux>, iteration: number): AttackStep<Aux>;
  /** The adversarial images from the last state (default: `state.x`). */
  finish?(state: AttackState<Aux>): tf.Tensor4D;
  /** Universal attacks: the trained perturbation, handed to the caller. */
  perturbation?(state: AttackState<Aux>): tf.Tensor4D | null;
}

/** An attack's algorithm: parsed config + context in, program out. No state outside the returned program. */
export type PerturbFn<C extends AttackConfigBase> = (config: C, context: AttackContext) => AttackProgram;

/** An attack: its zod-only half plus its perturbation. */
export interface AttackDefinition<Id extends string = string, C extends AttackConfigBase = AttackConfigBase>
  extends AttackConfigDefinition<Id, C> {
  perturb(config: C, context: AttackContext): AttackProgram;
}

/**
 * Types a program by its own aux tensors (inferred from `init`) and erases them for the runner.
 */
export function attackProgram<Aux extends Readonly<Record<string, tf.Tensor>>>(program: AttackProgram<Aux>): AttackProgram {
  return program;
}
