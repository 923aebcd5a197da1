import { catalogEntry, createIqaModel, type CatalogEntry } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';

export interface ModelCheck {
  entry: CatalogEntry;
  probeSize: number;
  score: number;
  gradientL1: number;
  leakedTensors: number;
}

/** Whether a checked model can be attacked: a finite probe score and a finite, non-zero input gradient. */
export function isUsableForAttacks(check: Pick<ModelCheck, 'score' | 'gradientL1'>): boolean {
  return Number.isFinite(check.score) && Number.isFinite(check.gradientL1) && check.gradientL1 !== 0;
}

/** The side of a square probe image the model accepts. */
function probeSize(entry: CatalogEntry): number {
  switch (entry.input.kind) {
    case 'fixed':
      return entry.input.height;
    case 'patches':
      return entry.input.patchSize * 3;
    case 'any':
      return Math.max(64, entry.input.minSize);
  }
}

/**
 * Builds a catalog model with the given weights (parsed, never executed; names and shapes checked),
 * scores a smooth probe image and takes the input gradient: proves the weights load and the model is
 * differentiable end to end before anything is registered.
 */
export async function checkModel(id: string, weights: string | undefined): Promise<ModelCheck> {
  const entry = catalogEntry(id);
  const before = tf.memory().numTensors;
  const model = await createIqaModel(id, weights ? { weights } : {});
  const size = probeSize(entry);
  try {
    const { score, gradientL1 } = tf.tidy(() => {
      const ramp = tf.linspace(0.1, 0.9, size);
      const image = tf.stack([tf.outerProduct(ramp, tf.onesLike(ramp)), tf.outerProduct(tf.onesLike(ramp), ramp), tf.fill([size, size], 0.5)], 2).expandDims(0) as tf.Tensor4D;
      const scoreOf = (x: tf.Tensor) => model.score(x as tf.Tensor4D).sum();
      const gradient = tf.grad(scoreOf)(image);
      return { score: scoreOf(image).dataSync()[0] ?? Number.NaN, gradientL1: gradient.abs().sum().dataSync()[0] ?? Number.NaN };
    });
    return { entry, probeSize: size, score, gradientL1, leakedTensors: 0 };
  } finally {
    model.dispose();
    const leaked = tf.memory().numTensors - before;
    if (leaked > 0) process.emitWarning(`model ${id} left ${leaked} tensors after dispose`);
  }
}
