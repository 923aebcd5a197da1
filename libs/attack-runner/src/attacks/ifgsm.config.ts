import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * I-FGSM (basic iterative method): x_{t+1} = Clip_{x,ε}{ x_t − α·sign(∇J(x_t)) }, starting at x.
 * Defaults: ε = 0.005, α = 0.001, 10 steps — the schedule of SMA's stage two (SMA.md §3), so the untargeted
 * baseline and SMA share one budget (§9 item 6).
 */
export const ifgsmAttackConfig = defineAttackConfig({
  metadata: {
    id: 'ifgsm',
    name: 'I-FGSM',
    paper: {
      title: 'Adversarial Examples in the Physical World',
      authors: 'A. Kurakin, I. J. Goodfellow, S. Bengio',
      venue: 'ICLR 2017 (workshop)',
      url: 'https://arxiv.org/abs/1607.02533',
    },
    norm: 'linf',
    kind: 'untargeted',
    defaults: 'ε = 0.005, α = 0.001, 10 steps: SMA stage two\'s schedule (SMA.md §3, §9 item 6).',
  },
  schema: z.strictObject({
    epsilon: f.epsilon().default(0.005),
    alpha: f.step('alpha').default(0.001),
    steps: f.count('steps').default(10),
    goal: f.goal().default('lower-quality'),
  }),
});

export type IfgsmConfig = z.output<typeof ifgsmAttackConfig.schema>;
