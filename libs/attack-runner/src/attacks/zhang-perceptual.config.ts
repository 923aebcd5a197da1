import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * Zhang et al. 2022 perceptual attack (SMA.md §8.4, checked against `perceptual_attack_clean.py` of
 * zwx8981/PerceptualAttack_BIQA): minimise J = −[ S(f(x'), f(x)) + λ·SSIM(x, x') ] with Adam (lr 0.005, 200
 * steps); the gradient is NaN→0, L2-normalised per image, and its 5×5 top-left and bottom-right corners are
 * zeroed; x' starts at x + u/255, u ∈ {−1, 0}; clamp to [0,1] every step.
 *
 * Code facts kept as defaults: λ = 5000 (the script's `--lamda` default; the paper sweeps 0 … 9e6); scores on
 * a 0–10 scale (here: the model's score range mapped linearly to [0, `scoreScale`]); the Adam optimiser is
 * re-created at every step (`resetOptimizerEachStep`), which makes each update ≈ lr·sign(g); SSIM as `piq.ssim`
 * (per-channel, 11×11 Gaussian σ 1.5, 'valid', downsampled by round(min(H,W)/256) when ≥ 2).
 * Deviation: the code's score term is the squared change (f(x') − f(x))², direction-free; the default
 * `scoreTerm: 'signed'` uses dir·Δ·|Δ| so the attack honours `goal` (equal to Δ² whenever the score moves
 * towards the goal); `'squared'` reproduces the code exactly.
 */
export const zhangPerceptualAttackConfig = defineAttackConfig({
  metadata: {
    id: 'zhang-perceptual',
    name: 'Zhang et al. perceptual attack (SSIM-regularised)',
    paper: {
      title: 'Perceptual Attacks of No-Reference Image Quality Models with Human-in-the-Loop',
      authors: 'W. Zhang, D. Li, X. Min, G. Zhai, G. Guo, X. Yang, K. Ma',
      venue: 'NeurIPS 2022',
      code: 'https://github.com/zwx8981/PerceptualAttack_BIQA',
    },
    norm: 'unbounded',
    kind: 'untargeted',
    defaults:
      'Adam lr 0.005 re-created each step, 200 steps, λ = 5000 on a 0–10 score scale, SSIM regulariser, corners zeroed, init noise 1/255 (code defaults); score term signed by goal (deviation, see scoreTerm).',
  },
  schema: z.strictObject({
    learningRate: f.step('learningRate').default(0.005),
    steps: f.count('steps').default(200),
    lambda: f.nonNegative('lambda').default(5000),
    regularizer: z.enum(['ssim', 'none'], { error: "regularizer must be 'ssim' or 'none'" }).default('ssim'),
    scoreTerm: z.enum(['signed', 'squared'], { error: "scoreTerm must be 'signed' or 'squared'" }).default('signed'),
    scoreScale: z
      .number({ error: 'scoreScale must be a number' })
      .refine((v) => Number.isFinite(v) && v > 0, { error: 'scoreScale must be a finite number > 0' })
      .default(10),
    resetOptimizerEachStep: z.boolean({ error: 'resetOptimizerEachStep must be a boolean' }).default(true),
    cornerSize: f.count('cornerSize', 0).default(5),
    initNoise: f.nonNegative('initNoise').default(1 / 255),
    ssimDownsample: z.boolean({ error: 'ssimDownsample must be a boolean' }).default(true),
    adamBeta1: f.adamBeta('adamBeta1').default(0.9),
    adamBeta2: f.adamBeta('adamBeta2').default(0.999),
    adamEpsilon: f.adamEpsilon().default(1e-8),
    /** Optional L∞ budget (the code's L∞ experiments; not applied by default). */
    epsilon: f.epsilon().optional(),
    goal: f.goal().default('lower-quality'),
  }),
});

export type ZhangPerceptualConfig = z.output<typeof zhangPerceptualAttackConfig.schema>;
