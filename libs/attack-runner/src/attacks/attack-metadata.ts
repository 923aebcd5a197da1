/**
 * Facts about an attack that the API, the web app and the runner read without loading TensorFlow.js.
 * zod/TS only: imported through `@rankfall/attack-runner/configs`.
 */

/** Which budget the runner enforces: an L∞ ball of radius `config.epsilon`, or none (unless `epsilon` is set). */
export type AttackNorm = 'linf' | 'unbounded';

/** Direction of an untargeted attack, in quality terms; the runner turns it into a score sign with `lowerBetter`. */
export type AttackGoal = 'lower-quality' | 'raise-quality';

/**
 * - `untargeted`: push every score towards one end of the range (`goal`);
 * - `targeted`: move each image's score towards a per-image target (the request carries the targets);
 * - `universal`: train one perturbation on a set of images, or apply a trained one.
 */
export type AttackKind = 'untargeted' | 'targeted' | 'universal';

export interface AttackPaper {
  readonly title: string;
  readonly authors: string;
  readonly venue: string;
  /** arXiv or publisher page, when known. */
  readonly url?: string;
  /** Code the defaults were checked against, when there is one. */
  readonly code?: string;
}

export interface AttackMetadata<Id extends string = string> {
  readonly id: Id;
  readonly name: string;
  readonly paper: AttackPaper;
  readonly norm: AttackNorm;
  readonly kind: AttackKind;
  /** Where the schema's `.default()`s come from, and any deliberate deviation (shown in the UI and README). */
  readonly defaults: string;
}
