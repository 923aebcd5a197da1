import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IqaModel } from '@rankfall/iqa-models';
import { runAttack } from '../runner/run-attack';
import { createLinearFixture } from '../testing/linear-fixture';
import { createTinyConvNet } from '../testing/tiny-conv-net';

let model: IqaModel;
let images: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('wasm');
  model = createTinyConvNet({ seed: 5 });
  images = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
});

afterAll(() => {
  model.dispose();
  images.dispose();
});

const adversarialOf = async (attack: string, config: object, m: IqaModel = model, x: tf.Tensor4D = images) => {
  const result = await runAttack({ attack, config, model: m, images: x });
  const data = Array.from(result.adversarial.dataSync());
  result.adversarial.dispose();
  return data;
};

describe('mifgsm', () => {
  it('with decay 0 is I-FGSM (sign of g/‖g‖₁ = sign of g)', async () => {
    const config = { epsilon: 0.01, alpha: 0.002, steps: 4 };
    expect(await adversarialOf('mifgsm', { ...config, decay: 0 })).toEqual(await adversarialOf('ifgsm', config));
  });

  it('on a linear scorer (constant gradient) is I-FGSM for any decay', async () => {
    const fx = createLinearFixture({ seed: 4 });
    const config = { epsilon: 0.01, alpha: 0.003, steps: 3 };
    expect(await adversarialOf('mifgsm', { ...config, decay: 1 }, fx.model, fx.images)).toEqual(
      await adversarialOf('ifgsm', config, fx.model, fx.images),
    );
    fx.dispose();
  });

  it('with momentum follows the accumulated direction, not the latest gradient (differs from I-FGSM)', async () => {
    const config = { epsilon: 0.05, alpha: 0.01, steps: 5 };
    expect(await adversarialOf('mifgsm', { ...config, decay: 1 })).not.toEqual(await adversarialOf('ifgsm', config));
  });
});
