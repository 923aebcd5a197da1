import { SeededRandom } from './seeded-random';
import { smaStage1ConfigSchema, type SmaStage1Config, type SmaStage1ConfigInput } from './sma-stage1.config';
import { SmaError } from './sma-error';

/** A copy of the targets kept at a configured iteration label. */
export interface Stage1Snapshot {
  /** The configured label (e.g. 50000). */
  readonly label: number;
  /** Number of Adam updates done when it was taken (label + 1 under 'official' counting, see the config). */
  readonly updates: number;
  readonly targets: Float64Array;
}

/**
 * Complete, checkpointable state of a stage-one optimisation. `runStage1` advances it in place; it is
 * everything the future of the run depends on, so serialising it, restoring it and continuing gives
 * bit-identical targets.
 */
export interface Stage1State {
  readonly config: SmaStage1Config;
  /** Clean predictions s (constant). */
  readonly clean: Float64Array;
  /** Current targets ŝ. */
  readonly targets: Float64Array;
  /** Adam first and second moments. */
  readonly adamM: Float64Array;
  readonly adamV: Float64Array;
  /** Number of Adam updates done so far; also Adam's step counter t. */
  iteration: number;
  /** PRNG state after drawing the initial noise (kept so the state is complete). */
  rngState: number;
  /** Snapshots taken so far, in the order taken. */
  readonly snapshots: Stage1Snapshot[];
}

/**
 * Fresh stage-one state: parses the config (zod, defaults = the paper's values) and initialises
 * ŝ⁰ = s + initNoise·u with u_i uniform in {−1, 0} from the seeded PRNG (SMA.md §2.4, like
 * `torch.randint(-1, 1, size) * 0.01`; see seeded-random.ts for the difference from torch).
 */
export function createStage1State(cleanScores: ArrayLike<number>, config: SmaStage1ConfigInput = {}): Stage1State {
  const parsed = smaStage1ConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new SmaError('INVALID_CONFIG', `invalid SMA stage-1 config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const n = cleanScores.length;
  if (n < 2) throw new SmaError('TOO_FEW_SCORES', `stage one needs at least 2 scores, got ${n}`);
  const clean = Float64Array.from(cleanScores);
  const bad = clean.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new SmaError('NON_FINITE', `clean score ${bad} is not finite (${clean[bad]})`);

  const random = SeededRandom.fromSeed(parsed.data.seed);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) targets[i] = clean[i]! + parsed.data.initNoise * random.nextInt(-1, 1);
  return {
    config: parsed.data,
    clean,
    targets,
    adamM: new Float64Array(n),
    adamV: new Float64Array(n),
    iteration: 0,
    rngState: random.state,
    snapshots: [],
  };
}
