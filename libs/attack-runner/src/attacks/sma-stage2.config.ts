import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * SMA stage two (SMA.md §3, YangiD/SMA `demo_attack_second_step_DBCNN.py`): targeted I-FGSM towards each
 * image's stage-one target ŝ: loss (f(x') − ŝ)², x_{t+1} = Clip_{x,ε}{ x_t − α·sign(∇loss) }, from x (no random
 * start, no early stop). Defaults are the released code's: ε = 0.005, α = 0.001, 10 iterations.
 */
export const smaStage2AttackConfig = defineAttackConfig({
  metadata: {
    id: 'sma-stage2',
    name: 'SMA stage 2: targeted I-FGSM towards the stage-1 targets',
    paper: {
      title: 'Beyond Score Changes: Adversarial Attack on No-Reference Image Quality Assessment from Two Perspectives',
      authors: 'C. Yang, Y. Liu, D. Li, Y. Zhong, T. Jiang',
      venue: 'arXiv 2404.13277',
      url: 'https://arxiv.org/abs/2404.13277',
      code: 'https://github.com/YangiD/SMA',
    },
    norm: 'linf',
    kind: 'targeted',
    defaults: 'ε = 0.005, α = 0.001, 10 steps, no random start (released code, SMA.md §3).',
  },
  schema: z.strictObject({
    epsilon: f.epsilon().default(0.005),
    alpha: f.step('alpha').default(0.001),
    steps: f.count('steps').default(10),
  }),
});

export type SmaStage2Config = z.output<typeof smaStage2AttackConfig.schema>;
