import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { fixturePath, readScnnExpected, skipWithoutFixtures, type ScnnExpectedProbe } from '@rankfall/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensorsFile } from '../weights/safetensors-reader';
import { shapeSize, type WeightMap } from '../weights/weight-map';
import { createScnnModel, SCNN_MEAN_LOGIT_FACTS, type ScnnModel } from './scnn';
import { createScnnFeatures } from './scnn-features';

// ---------------------------------------------------------------------------------------------
// scnn-expected.json (PyTorch 1.13, float32, CPU). Tensors there are NCHW; ours are NHWC.
// ---------------------------------------------------------------------------------------------

type Probe = ScnnExpectedProbe;

const PROBES = ['const0.5-64', 'const0.5-224', 'probe-image-64.png', 'probe-image-224.png', 'pattern-500'] as const;

/** The probe as NHWC float32 in [0,1], built as the fixture README describes. */
async function probeInput(name: (typeof PROBES)[number], size: number): Promise<Float32Array> {
  const out = new Float32Array(size * size * 3);
  if (name.startsWith('const0.5')) {
    out.fill(0.5);
  } else if (name === 'pattern-500') {
    // pixel[y, x, c] = (7x + 13y + 29c + (x·y mod 17)) mod 256, input = pixel / 255
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) {
          out[(y * size + x) * 3 + c] = ((7 * x + 13 * y + 29 * c + ((x * y) % 17)) % 256) / 255;
        }
      }
    }
  } else {
    const { data, info } = await sharp(fixturePath(name)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([size, size, 3]);
    for (let i = 0; i < out.length; i++) out[i] = data[i]! / 255;
  }
  return out;
}

function expectNear(actual: number, expected: number, rtol: number, atol: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    atol + rtol * Math.abs(expected),
  );
}

/** Everything the fixture checks, read back from one forward + backward pass. */
interface Measured {
  readonly featureShape: number[];
  readonly features: Float32Array;
  readonly pooled: Float32Array;
  readonly projected: Float32Array;
  readonly logits: Float32Array;
  readonly score: number;
  readonly grad: Float32Array;
}

function measure(model: ScnnModel, input: Float32Array, size: number): Measured {
  const x = tf.tensor4d(input, [1, size, size, 3]);
  let kept: ReturnType<ScnnModel['forward']> | null = null;
  const grad = tf.grad((image: tf.Tensor) => {
    const outputs = model.forward(image as tf.Tensor4D);
    kept = outputs;
    tf.keep(outputs.features);
    tf.keep(outputs.pooled);
    tf.keep(outputs.projected);
    tf.keep(outputs.logits);
    tf.keep(outputs.score);
    return tf.sum(outputs.score);
  })(x);
  const outputs = kept! as ReturnType<ScnnModel['forward']>;
  const measured: Measured = {
    featureShape: outputs.features.shape,
    features: outputs.features.dataSync() as Float32Array,
    pooled: outputs.pooled.dataSync() as Float32Array,
    projected: outputs.projected.dataSync() as Float32Array,
    logits: outputs.logits.dataSync() as Float32Array,
    score: outputs.score.dataSync()[0]!,
    grad: grad.dataSync() as Float32Array,
  };
  tf.dispose([x, grad, outputs.features, outputs.pooled, outputs.projected, outputs.logits, outputs.score]);
  return measured;
}

describe.skipIf(skipWithoutFixtures())('S-CNN calibration against PyTorch (wasm backend)', () => {
  let weights: WeightMap;
  let model: ScnnModel;
  let expected: Record<string, Probe>;

  beforeAll(async () => {
    await tf.setBackend('wasm');
    weights = (await readSafetensorsFile(fixturePath('scnn.safetensors'))).tensors;
    model = createScnnModel(weights);
    expected = (await readScnnExpected()).probes;
  });

  afterAll(() => {
    model.dispose();
  });

  it('has the documented parameter counts and facts', () => {
    const count = (vs: Iterable<tf.Variable>) => [...vs].reduce((n, v) => n + v.size, 0);
    expect(model.variables.size).toBe(68);
    expect(count(model.variables.values())).toBe(643_479);
    // scnn-architecture.md: 640,983 learnable, 531,120 of them in `features`.
    expect(count(model.trainableVariables)).toBe(640_983);
    expect(count(model.features.trainableVariables)).toBe(531_120);
    expect(model.trainableVariables.every((v) => v.trainable)).toBe(true);
    expect(model).toMatchObject(SCNN_MEAN_LOGIT_FACTS);
  });

  it.each(PROBES)(
    'matches PyTorch on %s (features, pooled, projection, logits, f, input gradient)',
    async (name) => {
      const probe = expected[name]!;
      const size = probe.input_shape_nchw[2];
      const m = measure(model, await probeInput(name, size), size);

      const [n, c, h, w] = probe.feature_shape_nchw;
      expect(m.featureShape).toEqual([n, h, w, c]);
      let sum = 0;
      let sumsq = 0;
      let max = -Infinity;
      let zeros = 0;
      for (const v of m.features) {
        sum += v;
        sumsq += v * v;
        max = Math.max(max, v);
        if (v === 0) zeros++;
      }
      expectNear(sum, probe.feature_sum, 1e-4, 1e-4, 'feature sum');
      expectNear(sumsq, probe.feature_sumsq, 1e-4, 1e-4, 'feature sum of squares');
      expectNear(max, probe.feature_max, 1e-4, 1e-4, 'feature max');
      expectNear(zeros / m.features.length, probe.feature_zero_fraction, 0, 1e-3, 'feature zero fraction');
      for (const sample of probe.feature_samples) {
        const [sn, sc, sh, sw] = sample.nchw;
        const value = m.features[((sn * h + sh) * w + sw) * c + sc]!;
        expectNear(value, sample.value, 1e-4, 1e-4, `feature at NCHW ${sample.nchw.join(',')}`);
      }

      probe.gap128.forEach((v, i) => expectNear(m.pooled[i]!, v, 1e-4, 1e-4, `gap128[${i}]`));
      expectNear(m.projected.reduce((a, b) => a + b, 0), probe.projection256_sum, 1e-4, 1e-4, 'projection sum');
      probe.logits39.forEach((v, i) => expectNear(m.logits[i]!, v, 1e-4, 1e-4, `logit ${i}`));
      probe.logits39_official_forward?.forEach((v, i) =>
        expectNear(m.logits[i]!, v, 1e-4, 1e-4, `official-forward logit ${i}`),
      );
      const logits = Array.from(m.logits);
      const top = Math.max(...logits);
      expect(logits.indexOf(top)).toBe(probe.argmax);
      const softmaxMax = 1 / logits.reduce((acc, v) => acc + Math.exp(v - top), 0);
      expectNear(softmaxMax, probe.softmax_max, 1e-4, 1e-5, 'softmax max');
      expectNear(m.score, probe.f_mean_logit, 1e-4, 1e-5, 'f (mean logit)');

      const g = probe.grad_f_wrt_input;
      if (g !== undefined) {
        let gSum = 0;
        let l1 = 0;
        let l2 = 0;
        let positive = 0;
        for (const v of m.grad) {
          gSum += v;
          l1 += Math.abs(v);
          l2 += v * v;
          if (v > 0) positive++;
        }
        expectNear(l1, g.l1, 1e-3, 0, 'gradient L1');
        expectNear(Math.sqrt(l2), g.l2, 1e-3, 0, 'gradient L2');
        // The signed sum cancels (|sum| ≪ L1): its error scales with L1, not with itself.
        expectNear(gSum, g.sum, 1e-3, 1e-5 * g.l1, 'gradient sum');
        expectNear(positive / m.grad.length, g.positive_fraction, 0, 2e-3, 'gradient positive fraction');
        // NCHW flat order: channel 0, row 0, columns 0..7 → NHWC [0, 0, x, 0].
        const scale = Math.max(...g.first8_nchw_flat.map(Math.abs));
        g.first8_nchw_flat.forEach((v, x) => expectNear(m.grad[x * 3]!, v, 1e-3, 1e-3 * scale, `gradient[0,0,0,${x}]`));
      }
    },
    120_000,
  );

  it('follows the 10-step I-FGSM trajectory on probe-image-64.png', async () => {
    const probe = expected['probe-image-64.png']!;
    const spec = probe.ifgsm!;
    const x0 = tf.tensor4d(await probeInput('probe-image-64.png', 64), [1, 64, 64, 3]);
    // ifgsm_definition: x_adv ← clamp(min(max(x_adv − α·sign(∇(f(x_adv) − t)²), x − ε), x + ε), 0, 1); t = f(x) − 1
    const fOf = (x: tf.Tensor4D) => tf.tidy(() => model.score(x).dataSync()[0]!);
    const target = fOf(x0) - 1;
    expectNear(target, spec.target, 0, 1e-4, 'I-FGSM target');
    const lower = tf.sub(x0, spec.eps);
    const upper = tf.add(x0, spec.eps);
    let xAdv = tf.clone(x0);
    const fBefore: number[] = [];
    for (let step = 0; step < spec.iters; step++) {
      fBefore.push(fOf(xAdv));
      const next = tf.tidy(() => {
        const grad = tf.grad((x: tf.Tensor) => tf.square(tf.sub(tf.sum(model.score(x as tf.Tensor4D)), target)))(xAdv);
        const stepped = tf.sub(xAdv, tf.mul(spec.alpha, tf.sign(grad)));
        return tf.clipByValue(tf.minimum(tf.maximum(stepped, lower), upper), 0, 1);
      });
      xAdv.dispose();
      xAdv = next as tf.Tensor4D;
    }
    const fFinal = fOf(xAdv);
    const delta = tf.tidy(() => tf.abs(tf.sub(xAdv, x0)));
    const linf = tf.tidy(() => tf.max(delta).dataSync()[0]!);
    const meanAbs = tf.tidy(() => tf.mean(delta).dataSync()[0]!);
    tf.dispose([x0, lower, upper, xAdv, delta]);

    spec.f_before_each_step.forEach((v, i) => expectNear(fBefore[i]!, v, 0, 1e-3, `f before step ${i}`));
    expectNear(fFinal, spec.f_final, 0, 1e-3, 'f_final');
    expectNear(linf, spec.linf, 0, 1e-6, 'L∞ of the perturbation');
    expectNear(meanAbs, spec.mean_abs_delta, 0, 5e-5, 'mean |δ|');
  }, 120_000);

  it('leaks no tensors through score + input gradient', () => {
    const x = tf.fill([1, 40, 40, 3], 0.25) as tf.Tensor4D;
    const step = () => tf.tidy(() => tf.grad((image: tf.Tensor) => tf.sum(model.score(image as tf.Tensor4D)))(x).dataSync());
    step();
    const before = tf.memory().numTensors;
    step();
    tf.tidy(() => model.score(x).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('frees every variable on dispose', () => {
    const before = tf.memory().numTensors;
    const other = createScnnModel(weights);
    expect(tf.memory().numTensors).toBe(before + 68);
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives weight gradients on wasm (training path)', () => {
    const x = tf.fill([1, 32, 32, 3], 0.5) as tf.Tensor4D;
    const { value, grads } = tf.variableGrads(() => tf.sum(model.score(x)) as tf.Scalar, model.trainableVariables as tf.Variable[]);
    expect(Object.keys(grads)).toHaveLength(model.trainableVariables.length);
    const firstConv = model.variables.get('features.0.weight')!;
    expect(grads[firstConv.name]!.shape).toEqual([3, 3, 3, 48]);
    expect(tf.tidy(() => tf.sum(tf.abs(grads[firstConv.name]!)).dataSync()[0]!)).toBeGreaterThan(0);
    tf.dispose([x, value, ...Object.values(grads)]);
  });

  it('builds the trunk alone from an unstripped DataParallel dict', () => {
    const features = createScnnFeatures(weights, 'module.features.');
    const out = tf.tidy(() => features.apply(tf.zeros([2, 50, 33, 3])));
    expect(out.shape).toEqual([2, 4, 3, 128]);
    expect(features.variables.size).toBe(54);
    out.dispose();
    features.dispose();
  });

  it.each([
    {
      what: 'an unexpected tensor',
      edit: (m: WeightMap) => m.set('module.extra.weight', { shape: [1], data: new Float32Array(1) }),
      code: 'UNEXPECTED_TENSOR',
      tensor: 'extra.weight',
    },
    { what: 'a missing tensor', edit: (m: WeightMap) => m.delete('module.features.13.running_var'), code: 'MISSING_TENSOR', tensor: 'features.13.running_var' },
    {
      what: 'a mis-shaped tensor',
      edit: (m: WeightMap) => m.set('module.classifier.bias', { shape: [40], data: new Float32Array(40) }),
      code: 'SHAPE_MISMATCH',
      tensor: 'classifier.bias',
    },
  ])('refuses a state dict with $what ($code) and leaks nothing', ({ edit, code, tensor }) => {
    const edited: WeightMap = new Map(weights);
    edit(edited);
    const before = tf.memory().numTensors;
    expect(() => createScnnModel(edited)).toThrow(expect.objectContaining({ code, tensor }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ignores num_batches_tracked entries of newer PyTorch checkpoints', () => {
    const edited: WeightMap = new Map(weights);
    edited.set('module.features.1.num_batches_tracked', { shape: [], data: new Float32Array([shapeSize([])]) });
    createScnnModel(edited).dispose();
  });
});
