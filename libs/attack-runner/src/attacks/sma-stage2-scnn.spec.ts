import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createIqaModel, type IqaModel } from '@rankfall/iqa-models';
import { fixturePath, readScnnExpected, skipWithoutFixtures, type ScnnExpectedProbe } from '@rankfall/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../runner/run-attack';

/**
 * Calibration against PyTorch: SMA stage two's targeted I-FGSM (defaults ε 0.005, α 0.001, 10 steps) through
 * the runner on the real S-CNN weights, probe-image-64.png, target f(x) − 1 (scnn-expected.json, torch 1.13
 * float32). The fixture's README allows ~1e-3 on the scores (sign steps may diverge where the gradient is
 * ≈ 0); measured on wasm: 4e-7, so 1e-4 is asserted.
 */
describe.skipIf(skipWithoutFixtures())('sma-stage2 on S-CNN against the PyTorch trajectory', () => {
  let model: IqaModel;
  let images: tf.Tensor4D;
  let expected: NonNullable<ScnnExpectedProbe['ifgsm']>;

  beforeAll(async () => {
    await tf.setBackend('wasm');
    model = await createIqaModel('scnn-distortion-proxy', { weights: fixturePath('scnn.safetensors') });
    const { data } = await sharp(fixturePath('probe-image-64.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    images = tf.tensor4d(Float32Array.from(data, (v) => v / 255), [1, 64, 64, 3]);
    const ifgsm = (await readScnnExpected()).probes['probe-image-64.png']?.ifgsm;
    if (!ifgsm) throw new Error('scnn-expected.json has no I-FGSM trajectory for probe-image-64.png');
    expected = ifgsm;
  });

  afterAll(() => {
    images.dispose();
    model.dispose();
  });

  it('follows the reference scores step by step and ends at the reference score', async () => {
    expect(expected.eps).toBe(0.005);
    expect(expected.alpha).toBe(0.001);
    expect(expected.iters).toBe(10);
    const result = await runAttack({ attack: 'sma-stage2', model, images, targets: [expected.target] });
    const data = result.adversarial.dataSync();
    const clean = images.dataSync();
    result.adversarial.dispose();
    expect(result.cleanScores[0]).toBeCloseTo(expected.target + 1, 3);
    expect(result.trajectory.map((s) => s[0])).toHaveLength(10);
    result.trajectory.forEach((scores, t) => expect(Math.abs(scores[0]! - expected.f_before_each_step[t]!)).toBeLessThan(1e-4));
    expect(Math.abs(result.finalScores[0]! - expected.f_final)).toBeLessThan(1e-4);
    expect(result.perImage[0]!.linf).toBeLessThanOrEqual(expected.eps + 1e-6);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]! - clean[i]!);
    expect(Math.abs(sum / data.length - expected.mean_abs_delta)).toBeLessThan(1e-4);
  });
});
