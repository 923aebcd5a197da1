import { adamStep, type AdamHyperParameters } from './adam-step';
import { averageRankSpearman } from './average-rank-spearman';
import { SmaError } from './sma-error';
import type { Stage1Snapshot, Stage1State } from './sma-stage1-state';
import { Stage1Objective } from './stage1-objective';
import { stage1SnapshotSchedule } from './stage1-snapshot-schedule';

/** Options of one `runStage1` call. */
export interface RunStage1Options {
  /** Stop once this many updates are done in total (default and maximum: `config.iterations`). */
  until?: number;
  /** Checked before every iteration; an aborted run stops between two iterations. */
  signal?: AbortSignal;
  /** Report progress every this many updates (default 1000). */
  progressEvery?: number;
  /**
   * Called after update number `iteration` when it is a multiple of `progressEvery`, with the loss and
   * soft Spearman ρ̃ of the iterate that update started from (the point the gradient was taken at, as the
   * official log prints them).
   */
  onProgress?: (iteration: number, loss: number, softSpearman: number) => void;
  /** Called with each snapshot when it is taken (the state keeps it too). */
  onSnapshot?: (snapshot: Stage1Snapshot) => void;
  /**
   * Yield to the event loop every this many updates so that timers and I/O (e.g. an abort request) can
   * run (default 2000; 0 = never, the loop then runs synchronously inside the returned promise).
   */
  yieldEvery?: number;
}

/** Outcome of one `runStage1` call. The state holds the same values (and is what to checkpoint). */
export interface Stage1RunResult {
  /** 'completed': config.iterations reached; 'paused': `until` reached; 'aborted': the signal fired. */
  readonly status: 'completed' | 'paused' | 'aborted';
  /** Updates done when the run stopped (an aborted run stops between two updates). */
  readonly iteration: number;
  /** Copy of the current targets. */
  readonly targets: Float64Array;
  /** Copies of every snapshot taken so far (this call and earlier ones), in the order taken. */
  readonly snapshots: readonly Stage1Snapshot[];
  /** Hard Spearman correlation (average ranks) between the current targets and the clean scores s. */
  readonly hardSrocc: number;
  /** Soft Spearman ρ̃(s, ŝ) and the loss at the current targets. */
  readonly softSpearman: number;
  readonly loss: number;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Advances SMA stage one (SMA.md §2.4) on `state`, in place, update by update. Per update: loss and
 * gradient at ŝ; NaN entries → 0; normalisation ('elementwise': g_i/|g_i + 1e-12|, 'l2':
 * g/‖g + 1e-12‖₂); Adam step (PyTorch semantics); clamp to config.scoreRange. Snapshots are copied into
 * the state when their update count is reached.
 */
export async function runStage1(state: Stage1State, options: RunStage1Options = {}): Promise<Stage1RunResult> {
  const { config, clean, targets, adamM, adamV } = state;
  const until = Math.min(options.until ?? config.iterations, config.iterations);
  const progressEvery = options.progressEvery ?? 1000;
  const yieldEvery = options.yieldEvery ?? 2000;
  if (!Number.isInteger(until) || until < 0) throw new SmaError('INVALID_STATE', `until must be a non-negative integer, got ${options.until}`);
  if (!Number.isInteger(progressEvery) || progressEvery < 1) throw new SmaError('INVALID_STATE', `progressEvery must be an integer ≥ 1, got ${progressEvery}`);

  const n = clean.length;
  const [lo, hi] = config.scoreRange;
  const elementwise = config.gradNorm === 'elementwise';
  const adam: AdamHyperParameters = { lr: config.lr, beta1: config.adamBeta1, beta2: config.adamBeta2, eps: config.adamEps };
  const objective = new Stage1Objective(clean, config);
  const grad = new Float64Array(n);
  const schedule = stage1SnapshotSchedule(config).filter((s) => s.updates > state.iteration);
  let nextSnapshot = 0;
  let aborted = false;

  while (state.iteration < until) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const loss = objective.evaluate(targets, grad);
    if (elementwise) {
      for (let i = 0; i < n; i++) {
        const g = grad[i]!;
        grad[i] = Number.isNaN(g) ? 0 : g / Math.abs(g + 1e-12);
      }
    } else {
      let ss = 0;
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(grad[i]!)) grad[i] = 0;
        const e = grad[i]! + 1e-12;
        ss += e * e;
      }
      const norm = Math.sqrt(ss);
      for (let i = 0; i < n; i++) grad[i] = grad[i]! / norm;
    }
    state.iteration++;
    adamStep(targets, grad, adamM, adamV, state.iteration, adam);
    for (let i = 0; i < n; i++) {
      const x = targets[i]!;
      targets[i] = x < lo ? lo : x > hi ? hi : x;
    }

    while (nextSnapshot < schedule.length && schedule[nextSnapshot]!.updates === state.iteration) {
      const snapshot: Stage1Snapshot = { label: schedule[nextSnapshot]!.label, updates: state.iteration, targets: targets.slice() };
      state.snapshots.push(snapshot);
      options.onSnapshot?.(snapshot);
      nextSnapshot++;
    }
    if (options.onProgress && state.iteration % progressEvery === 0) options.onProgress(state.iteration, loss, objective.softSpearman);
    if (yieldEvery > 0 && state.iteration % yieldEvery === 0) await nextTick();
  }
  const status = aborted ? 'aborted' : state.iteration >= config.iterations ? 'completed' : 'paused';

  const loss = objective.evaluate(targets);
  return {
    status,
    iteration: state.iteration,
    targets: targets.slice(),
    snapshots: state.snapshots.map((s) => ({ ...s, targets: s.targets.slice() })),
    hardSrocc: averageRankSpearman(targets, clean),
    softSpearman: objective.softSpearman,
    loss,
  };
}
