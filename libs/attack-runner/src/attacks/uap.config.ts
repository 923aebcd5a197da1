import { z } from 'zod';
import { attackConfigFields as f } from './attack-config-fields';
import { defineAttackConfig } from './define-attack-config';

/**
 * Universal adversarial perturbation, "optimised UAP" (SMA.md §8.5; katiashh/fast-attacks-on-NR-metrics
 * `Optimized_UAP_training.ipynb`): one δ of `size`×`size`×3, initialised to 0, trained with Adam (lr 0.001) on
 * batches of 4 images for 10 epochs, loss = distance of the mean score of clip(x + δ, 0, 1) to the goal end
 * (1 − mean f/100 in the notebook, which raises the score), δ clamped to [−ε, ε] (ε = 10/255) after every step.
 * The clip in the loss is straight-through, as in the notebook (`res.data.clamp_`). Batches follow a seeded
 * shuffle per epoch. δ is tiled and cropped to the image size (training on 256×256 crops, as the notebook, is
 * the dataset's job). Apply path: pass a trained δ as the request's `perturbation`: x' = clip(x + δ, 0, 1).
 */
export const uapAttackConfig = defineAttackConfig({
  metadata: {
    id: 'uap',
    name: 'Universal adversarial perturbation (optimised UAP)',
    paper: {
      title: 'Universal Perturbation Attack on Differentiable No-Reference Image- and Video-Quality Metrics',
      authors: 'E. Shumitskaya, A. Antsiferova, D. Vatolin',
      venue: 'BMVC 2022',
      code: 'https://github.com/katiashh/fast-attacks-on-NR-metrics',
    },
    norm: 'linf',
    kind: 'universal',
    defaults: 'ε = 10/255, Adam lr 0.001, batch 4, 10 epochs, δ 256×256 (notebook); raises quality by default.',
  },
  schema: z.strictObject({
    epsilon: f.epsilon().default(10 / 255),
    learningRate: f.step('learningRate').default(0.001),
    epochs: f.count('epochs').default(10),
    batchSize: f.count('batchSize').default(4),
    size: f.count('size').default(256),
    shuffle: z.boolean({ error: 'shuffle must be a boolean' }).default(true),
    adamBeta1: f.adamBeta('adamBeta1').default(0.9),
    adamBeta2: f.adamBeta('adamBeta2').default(0.999),
    adamEpsilon: f.adamEpsilon().default(1e-8),
    goal: f.goal().default('raise-quality'),
  }),
});

export type UapConfig = z.output<typeof uapAttackConfig.schema>;
