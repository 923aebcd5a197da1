import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * Korhonen & You 2022 (SMA.md §8.3, checked against the authors' MATLAB `generateAdversaryImage.m`): Adam on
 * the image, loss = distance of the score to the goal end (1 − f for their sigmoid model, which always raises
 * quality), gradient multiplied by a spatial-activity mask (Sobel on Y, border zeroed, max-normalised, dilated
 * with the 5×5 rounded kernel), at least 20 and at most 100 updates, stop after 2 updates without improvement,
 * keep the iterate with the lowest loss. No L∞ budget in the paper (set `epsilon` to add one).
 *
 * Learning rate: the paper uses {0.1, 0.5, 2, 5} on 0–255 pixels; the default is the mildest, 0.1/255 in the
 * [0,1] units used here. Deviation: the MATLAB loop stores the iterate *after* the update whose pre-update loss
 * was lowest (an off-by-one); this keeps the iterate whose loss was measured.
 */
export const korhonenAttackConfig = defineAttackConfig({
  metadata: {
    id: 'korhonen',
    name: 'Korhonen & You (activity-masked Adam)',
    paper: {
      title: 'Adversarial Attacks against Blind Image Quality Assessment Models',
      authors: 'J. Korhonen, J. You',
      venue: 'QoEVMA 2022 (ACM Multimedia workshop)',
    },
    norm: 'unbounded',
    kind: 'untargeted',
    defaults:
      'Adam lr 0.1/255 (the mildest of the paper\'s 0.1/0.5/2/5 on 0–255), β 0.9/0.999, 20–100 updates, patience 2, keep best; raises quality by default (as the paper).',
  },
  schema: z.strictObject({
    learningRate: f.step('learningRate').default(0.1 / 255),
    minIterations: f.count('minIterations').default(20),
    maxIterations: f.count('maxIterations').default(100),
    patience: f.count('patience').default(2),
    adamBeta1: f.adamBeta('adamBeta1').default(0.9),
    adamBeta2: f.adamBeta('adamBeta2').default(0.999),
    adamEpsilon: f.adamEpsilon().default(1e-8),
    /** Optional L∞ budget (not in the paper). */
    epsilon: f.epsilon().optional(),
    goal: f.goal().default('raise-quality'),
  }).refine((c) => c.minIterations <= c.maxIterations, { error: 'minIterations must be ≤ maxIterations', path: ['minIterations'] }),
});

export type KorhonenConfig = z.output<typeof korhonenAttackConfig.schema>;
