import * as tf from '@tensorflow/tfjs';
import type { IqaModel } from '@rankfall/iqa-models';
import { attackIds, isAttackId, type AttackId } from '../attacks/attack-config-registry';
import type { AttackGoal } from '../attacks/attack-metadata';
import type { AttackContext, AttackDefinition, AttackState, ScoreDirection } from '../attacks/attack-program';
import { attackRegistry } from '../attacks/attack-registry';
import type { AttackConfigBase } from '../attacks/define-attack-config';
import { AttackError } from './attack-error';
import { perturbationMetrics, type PerturbationMetrics } from './perturbation-metrics';
import { scoreDirection } from './score-direction';
import { allFinite, validateImages, validateModelFacts, validatePerturbation, validateSeed, validateTargets } from './validate-attack-input';

export interface AttackProgress {
  /** 1-based index of the iteration just finished. */
  readonly iteration: number;
  /** Planned iterations (an upper bound for attacks that stop early). */
  readonly total: number;
  /** Scores of the iterate this iteration started from, one per image. */
  readonly scores: readonly number[];
  readonly elapsedMs: number;
}

export interface RunAttackRequest {
  /** Registry id; anything else is `UNKNOWN_ATTACK`. */
  readonly attack: string;
  /** Raw config, parsed with the attack's zod schema (missing fields take the paper's defaults). */
  readonly config?: unknown;
  readonly model: IqaModel;
  /** NHWC float32 RGB in [0,1]; owned by the caller (never disposed here). */
  readonly images: tf.Tensor4D;
  /** Targeted attacks: one target score per image, in the model's raw score units. */
  readonly targets?: readonly number[];
  /** Universal attacks, apply path: a trained perturbation [1,h,w,3] (owned by the caller). */
  readonly perturbation?: tf.Tensor4D;
  /** Seed of every random draw (random starts, init noise, shuffles). Default 0. */
  readonly seed?: number;
  /** Checked before the first and between iterations; firing it ends the run with `CANCELLED`. */
  readonly signal?: AbortSignal;
  /** Called after every iteration (awaited). */
  readonly onProgress?: (progress: AttackProgress) => void | Promise<void>;
}

export interface AttackResult {
  readonly attack: AttackId;
  /** The parsed config (defaults filled in): what to record on the run. */
  readonly config: AttackConfigBase;
  /** Adversarial images, NHWC float32 in [0,1]; the caller owns it (dispose it). */
  readonly adversarial: tf.Tensor4D;
  /** Universal attacks, train path: the trained perturbation [1,s,s,3]; the caller owns it. Else null. */
  readonly perturbation: tf.Tensor4D | null;
  /** Sign of the raw-score change the objective asked for (untargeted and universal attacks); null if targeted. */
  readonly direction: ScoreDirection | null;
  /** L∞ radius the runner enforced, null when unbounded. */
  readonly epsilon: number | null;
  readonly cleanScores: readonly number[];
  /** f(adversarial), one per image. */
  readonly finalScores: readonly number[];
  /** Per iteration, the scores of the iterate it started from ([iteration][image]). */
  readonly trajectory: readonly (readonly number[])[];
  readonly iterations: number;
  readonly stoppedEarly: boolean;
  /** Per image: L∞, L2, PSNR, SSIM of adversarial vs clean. */
  readonly perImage: readonly PerturbationMetrics[];
  readonly timing: { readonly totalMs: number; readonly iterationMs: readonly number[] };
}

function tensorsOf(state: AttackState): tf.Tensor[] {
  return [state.x, ...Object.values(state.aux)];
}

/** Runs `fn` in `tf.tidy`, keeping every tensor `tensors(result)` lists (tidy cannot walk interfaces). */
function tidyKeeping<T>(fn: () => T, tensors: (value: T) => tf.Tensor[]): T {
  let result: T | undefined;
  tf.tidy(() => {
    result = fn();
    return tensors(result);
  });
  return result as T;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

function parseConfig(id: AttackId, entry: AttackDefinition, raw: unknown): AttackConfigBase {
  const parsed = entry.schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(config)',
    message: issue.message,
  }));
  const detail = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AttackError('INVALID_CONFIG', `invalid config for attack '${id}': ${detail}`, issues);
}

/**
 * Runs one attack on a batch of images. Owns everything that is not the algorithm: validation, config
 * parsing, the objective's sign, projection onto the ε-ball and [0,1], progress, cancellation, timing,
 * metrics and disposal (every tensor it made is freed, except the returned `adversarial`/`perturbation`).
 *
 * @throws AttackError `UNKNOWN_ATTACK`, `INVALID_CONFIG`, `INVALID_INPUT`, `CANCELLED`, `NON_FINITE`.
 */
export async function runAttack(request: RunAttackRequest): Promise<AttackResult> {
  const started = performance.now();
  const { model, images, signal } = request;
  if (!isAttackId(request.attack)) {
    throw new AttackError('UNKNOWN_ATTACK', `unknown attack '${request.attack}'; valid ids: ${attackIds.join(', ')}`);
  }
  const id = request.attack;
  // Erased view: the config below comes from this entry's own schema, so it fits this entry's perturb.
  const entry: AttackDefinition = attackRegistry[id];
  const { kind, norm } = entry.metadata;
  const config = parseConfig(id, entry, request.config);
  validateModelFacts(model);
  validateImages(images, model);
  validateTargets(request.targets, kind, images.shape[0]);
  validatePerturbation(request.perturbation, kind);
  const seed = request.seed ?? 0;
  validateSeed(seed);
  // 'linf' schemas always carry epsilon; 'unbounded' ones may carry an optional one.
  const epsilon = config.epsilon ?? null;
  if (norm === 'linf' && epsilon === null) throw new AttackError('INVALID_CONFIG', `attack '${id}' is L∞-bounded but its config has no epsilon`);
  const goal: AttackGoal = config.goal ?? 'lower-quality';
  const direction = scoreDirection(goal, model.lowerBetter);
  const throwIfCancelled = () => {
    if (signal?.aborted) throw new AttackError('CANCELLED', `attack '${id}' cancelled`);
  };
  throwIfCancelled();

  // Tensors the runner makes for the context; with the caller's, they are never disposed as state.
  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const protectedTensors = new Set<tf.Tensor>([images]);
  if (request.perturbation) protectedTensors.add(request.perturbation);
  let state: AttackState | null = null;
  const disposeState = (s: AttackState, keep: ReadonlySet<tf.Tensor>) => {
    for (const t of new Set(tensorsOf(s))) if (!keep.has(t) && !protectedTensors.has(t)) t.dispose();
  };
  try {
    const cleanScoresTensor = own(tf.tidy(() => model.score(images)));
    const [lower, upper] =
      epsilon === null
        ? [own(tf.scalar(0)), own(tf.scalar(1))]
        : [own(tf.tidy(() => tf.maximum(tf.sub(images, epsilon), 0))), own(tf.tidy(() => tf.minimum(tf.add(images, epsilon), 1)))];
    const context: AttackContext = {
      model,
      clean: images,
      cleanScores: cleanScoresTensor,
      targets: request.targets ? own(tf.tensor1d([...request.targets], 'float32')) : null,
      perturbation: request.perturbation ?? null,
      direction,
      scoreRange: model.scoreRange,
      seed,
    };
    for (const t of owned) protectedTensors.add(t);
    const project = (x: tf.Tensor4D): tf.Tensor4D => tf.minimum(tf.maximum(x, lower), upper) as tf.Tensor4D;
    const program = entry.perturb(config, context);
    const cleanScores = Array.from(await cleanScoresTensor.data());
    if (!cleanScores.every(Number.isFinite)) {
      throw new AttackError('NON_FINITE', `model '${model.id}' returned non-finite scores for the clean images: [${cleanScores.join(', ')}]`);
    }

    let current: AttackState = tidyKeeping(() => {
      const s = program.init();
      return { x: project(s.x), aux: s.aux };
    }, tensorsOf);
    state = current;

    const trajectory: number[][] = [];
    const iterationMs: number[] = [];
    let stoppedEarly = false;
    for (let iteration = 1; iteration <= program.iterations; iteration++) {
      throwIfCancelled();
      const t0 = performance.now();
      const previous: AttackState = current;
      const step = tidyKeeping(
        () => {
          const s = program.step(previous, iteration);
          return { ...s, state: { x: project(s.state.x), aux: s.state.aux } };
        },
        (s) => [...tensorsOf(s.state), s.scores, ...(s.done ? [s.done] : [])],
      );
      disposeState(previous, new Set(tensorsOf(step.state)));
      current = step.state;
      state = current;
      const scores = Array.from(await step.scores.data());
      step.scores.dispose();
      let done = false;
      if (step.done) {
        done = (await step.done.data())[0] !== 0;
        step.done.dispose();
      }
      trajectory.push(scores);
      iterationMs.push(performance.now() - t0);
      await request.onProgress?.({ iteration, total: program.iterations, scores, elapsedMs: performance.now() - started });
      await nextTick();
      if (done && iteration < program.iterations) {
        stoppedEarly = true;
        break;
      }
    }
    throwIfCancelled();

    const finalState: AttackState = current;
    const adversarial = tidyKeeping(() => project(program.finish ? program.finish(finalState) : finalState.x), (x) => [x]);
    const perturbation = program.perturbation?.(finalState) ?? null;
    disposeState(finalState, new Set(perturbation ? [perturbation] : []));
    state = null;
    try {
      if (!allFinite(adversarial)) {
        throw new AttackError('NON_FINITE', `attack '${id}' produced NaN or ±Infinity pixels (is the model's gradient finite?)`);
      }
      const finalScoresTensor = tf.tidy(() => model.score(adversarial));
      const finalScores = Array.from(await finalScoresTensor.data());
      finalScoresTensor.dispose();
      if (!finalScores.every(Number.isFinite)) {
        throw new AttackError('NON_FINITE', `model '${model.id}' returned non-finite scores for the adversarial images: [${finalScores.join(', ')}]`);
      }
      const [cleanData, adversarialData] = await Promise.all([images.data(), adversarial.data()]);
      const perImage = perturbationMetrics(cleanData as Float32Array, adversarialData as Float32Array, images.shape);
      return {
        attack: id,
        config,
        adversarial,
        perturbation,
        direction: kind === 'targeted' ? null : direction,
        epsilon,
        cleanScores,
        finalScores,
        trajectory,
        iterations: trajectory.length,
        stoppedEarly,
        perImage,
        timing: { totalMs: performance.now() - started, iterationMs },
      };
    } catch (error) {
      adversarial.dispose();
      perturbation?.dispose();
      throw error;
    }
  } finally {
    if (state !== null) disposeState(state, new Set());
    for (const t of owned) t.dispose();
  }
}
