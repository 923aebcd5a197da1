import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * MI-FGSM: g_{t+1} = μ·g_t + ∇J(x_t)/‖∇J(x_t)‖₁ (per image), x_{t+1} = Clip_{x,ε}{ x_t − α·sign(g_{t+1}) }.
 * Defaults (Dong et al.): decay μ = 1.0, T = 10 iterations, α = ε/T; ε = 0.005 (SMA budget, SMA.md §9 item 6).
 */
export const mifgsmAttackConfig = defineAttackConfig({
  metadata: {
    id: 'mifgsm',
    name: 'MI-FGSM',
    paper: {
      title: 'Boosting Adversarial Attacks with Momentum',
      authors: 'Y. Dong, F. Liao, T. Pang, H. Su, J. Zhu, X. Hu, J. Li',
      venue: 'CVPR 2018',
      url: 'https://arxiv.org/abs/1710.06081',
    },
    norm: 'linf',
    kind: 'untargeted',
    defaults: 'μ = 1.0, 10 iterations, α = ε/T = 0.0005 (Dong et al.); ε = 0.005 (SMA budget).',
  },
  schema: z.strictObject({
    epsilon: f.epsilon().default(0.005),
    alpha: f.step('alpha').default(0.0005),
    steps: f.count('steps').default(10),
    decay: f.nonNegative('decay').default(1.0),
    goal: f.goal().default('lower-quality'),
  }),
});

export type MifgsmConfig = z.output<typeof mifgsmAttackConfig.schema>;
