import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * FGSM: one signed-gradient step of size ε, x' = x − ε·sign(∇ₓJ), J = distance of the score to the goal end.
 * Defaults: ε = 0.005, the budget of SMA's released code (SMA.md §3, §9 item 6: give all attacks the same ε;
 * also the FGSM baseline of the same group, SMA.md §5 [T]).
 */
export const fgsmAttackConfig = defineAttackConfig({
  metadata: {
    id: 'fgsm',
    name: 'FGSM',
    paper: {
      title: 'Explaining and Harnessing Adversarial Examples',
      authors: 'I. J. Goodfellow, J. Shlens, C. Szegedy',
      venue: 'ICLR 2015',
      url: 'https://arxiv.org/abs/1412.6572',
    },
    norm: 'linf',
    kind: 'untargeted',
    defaults: 'ε = 0.005 (SMA budget, SMA.md §9 item 6); one step of size ε.',
  },
  schema: z.strictObject({
    epsilon: f.epsilon().default(0.005),
    goal: f.goal().default('lower-quality'),
  }),
});

export type FgsmConfig = z.output<typeof fgsmAttackConfig.schema>;
