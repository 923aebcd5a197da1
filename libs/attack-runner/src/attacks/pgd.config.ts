import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * PGD (L∞): I-FGSM from a random start x₀ = x + U(−ε, ε) (seeded by the run's seed).
 * Defaults: ε = 0.005 (SMA budget, SMA.md §9 item 6); α = ε/4 = 0.00125 and 10 steps, the ratio of Madry et
 * al.'s and torchattacks' defaults (ε 8/255, α 2/255, 10 steps); random start on.
 */
export const pgdAttackConfig = defineAttackConfig({
  metadata: {
    id: 'pgd',
    name: 'PGD (L∞)',
    paper: {
      title: 'Towards Deep Learning Models Resistant to Adversarial Attacks',
      authors: 'A. Madry, A. Makelov, L. Schmidt, D. Tsipras, A. Vladu',
      venue: 'ICLR 2018',
      url: 'https://arxiv.org/abs/1706.06083',
    },
    norm: 'linf',
    kind: 'untargeted',
    defaults: 'ε = 0.005 (SMA budget); α = ε/4, 10 steps, uniform random start (torchattacks/Madry ratios).',
  },
  schema: z.strictObject({
    epsilon: f.epsilon().default(0.005),
    alpha: f.step('alpha').default(0.00125),
    steps: f.count('steps').default(10),
    randomStart: z.boolean({ error: 'randomStart must be a boolean' }).default(true),
    goal: f.goal().default('lower-quality'),
  }),
});

export type PgdConfig = z.output<typeof pgdAttackConfig.schema>;
