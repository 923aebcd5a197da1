import { z } from 'zod';

/**
 * SMA stage one (target-score optimisation) configuration. Every `.default()` is the value of the
 * official code, YangiD/SMA `demo_attack_first_step.py` (SMA.md §2.4, §9). zod only: this file is
 * imported by the API and the web app through `@rankfall/attack-runner/configs`.
 */
export const smaStage1Metadata = {
  id: 'sma-stage1',
  name: 'SMA stage 1: target-score optimisation',
  paper: {
    title: 'Beyond Score Changes: Adversarial Attack on No-Reference Image Quality Assessment from Two Perspectives',
    authors: 'C. Yang, Y. Liu, D. Li, Y. Zhong, T. Jiang',
    venue: 'arXiv 2404.13277 (2024)',
    arxiv: '2404.13277',
    url: 'https://arxiv.org/abs/2404.13277',
    code: 'https://github.com/YangiD/SMA',
  },
  defaults:
    'Official code (YangiD/SMA demo_attack_first_step.py): 100000 Adam steps, lr 0.005, λ_var = λ_mse = 1e-4, soft-rank ε = 1, ' +
    'elementwise gradient normalisation, clamp [0, 100], seed 919, snapshots 50000/80000/100000 (official counting). ' +
    'Deviation: the initial noise comes from a seeded mulberry32, not torch’s generator.',
} as const;

const positive = (field: string) =>
  z.number({ error: `${field} must be a number` }).refine((x) => Number.isFinite(x) && x > 0, { error: `${field} must be a finite number > 0` });
const nonNegative = (field: string) =>
  z.number({ error: `${field} must be a number` }).refine((x) => Number.isFinite(x) && x >= 0, { error: `${field} must be a finite number ≥ 0` });
const adamBeta = (field: string) =>
  z.number({ error: `${field} must be a number` }).refine((x) => x >= 0 && x < 1, { error: `${field} must be in [0, 1)` });

export const smaStage1ConfigSchema = z.strictObject({
  /** Number of Adam updates (official `--epochs`). */
  iterations: z.number().int({ error: 'iterations must be an integer ≥ 1' }).min(1, { error: 'iterations must be an integer ≥ 1' }).default(100_000),
  /** Adam learning rate (official `--alpha`). */
  lr: positive('lr').default(0.005),
  adamBeta1: adamBeta('adamBeta1').default(0.9),
  adamBeta2: adamBeta('adamBeta2').default(0.999),
  /** Adam's eps, added after the square root of the bias-corrected second moment (PyTorch). */
  adamEps: positive('adamEps').default(1e-8),
  /** Weight of the variance ("interior constraint") term (official `--lamda`). */
  lambdaVar: nonNegative('lambdaVar').default(1e-4),
  /** Weight of the MSE term (official `--lamda_mse`). */
  lambdaMse: nonNegative('lambdaMse').default(1e-4),
  /** L2 soft-rank regularisation strength ε (official `--beta`). */
  softRankEps: positive('softRankEps').default(1.0),
  /**
   * 'elementwise' = the official line `g / (g.reshape(N, -1) + 1e-12).norm(dim=1)`, i.e. g_i / |g_i + 1e-12|
   * (≈ sign(g)); 'l2' = the same line on the whole vector, g / ‖g + 1e-12‖₂ (SMA.md §9 item 1).
   */
  gradNorm: z.enum(['elementwise', 'l2'], { error: "gradNorm must be 'elementwise' or 'l2'" }).default('elementwise'),
  /** Box the targets are clamped to after every step: the attacked model's score range [lo, hi]. */
  scoreRange: z
    .tuple([z.number(), z.number()], { error: 'scoreRange must be a pair of numbers [lo, hi]' })
    .refine(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, { error: 'scoreRange must satisfy lo < hi (finite)' })
    .default((): [number, number] => [0, 100]),
  /** Seed of the initial-noise PRNG (not torch's generator: see seeded-random.ts). */
  seed: z.number().int({ error: 'seed must be an integer in [0, 2^32)' }).min(0, { error: 'seed must be an integer in [0, 2^32)' }).max(4294967295, { error: 'seed must be an integer in [0, 2^32)' }).default(919),
  /** Iteration labels at which a copy of the targets is kept (official 50000, 80000, 100000). */
  snapshots: z
    .array(
      z.number({ error: 'snapshots must be integers ≥ 1' }).int({ error: 'snapshots must be integers ≥ 1' }).min(1, { error: 'snapshots must be integers ≥ 1' }),
      { error: 'snapshots must be an array of integers ≥ 1' },
    )
    .default(() => [50_000, 80_000, 100_000]),
  /**
   * 'official': snapshot k is taken after k + 1 updates (the official loop checks `i in [...]` after the
   * update of 0-based index i, SMA.md §9 item 15); k = iterations is taken at the end (the official final
   * save). 'exact': snapshot k is taken after k updates. Labels above `iterations` are never taken.
   */
  snapshotCounting: z.enum(['official', 'exact'], { error: "snapshotCounting must be 'official' or 'exact'" }).default('official'),
  /** Initial noise amplitude: ŝ⁰ = s + initNoise·u, u_i uniform in {−1, 0}. */
  initNoise: nonNegative('initNoise').default(0.01),
});

/** Parsed stage-one configuration (all fields present). */
export type SmaStage1Config = z.infer<typeof smaStage1ConfigSchema>;

/** Stage-one configuration as accepted from a caller (every field optional). */
export type SmaStage1ConfigInput = z.input<typeof smaStage1ConfigSchema>;
