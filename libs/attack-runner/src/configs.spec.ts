import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as configs from './configs';

const root = fileURLToPath(new URL('..', import.meta.url));

async function probe(relative: string): Promise<{ tfEngine: boolean; tensorflowModules: string[] }> {
  const script = fileURLToPath(new URL('./testing/module-load-probe.ts', import.meta.url));
  const target = fileURLToPath(new URL(relative, import.meta.url));
  const { stdout } = await promisify(execFile)('npx', ['tsx', script, target], { cwd: root });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { tfEngine: boolean; tensorflowModules: string[] };
}

describe('@rankfall/attack-runner/configs', () => {
  it('does not load TensorFlow.js (checked in a fresh process)', async () => {
    expect(await probe('./configs.ts')).toEqual({ tfEngine: false, tensorflowModules: [] });
  }, 60_000);

  it('the probe does see TensorFlow.js when the attack registry is imported (so the check above can fail)', async () => {
    const loaded = await probe('./attacks/attack-registry.ts');
    expect(loaded.tfEngine).toBe(true);
    expect(loaded.tensorflowModules.some((path) => path.includes('@tensorflow/tfjs-core'))).toBe(true);
  }, 60_000);

  it('exports every attack config, the metadata registry and the SMA stage-one schema', () => {
    expect(configs.attackIds).toEqual(Object.keys(configs.attackConfigRegistry));
    for (const id of configs.attackIds) {
      const { metadata, schema } = configs.attackConfigRegistry[id];
      expect(metadata.id).toBe(id);
      expect(metadata.paper.title.length).toBeGreaterThan(0);
      expect(schema.safeParse({}).success).toBe(true);
    }
    expect(configs.smaStage1ConfigSchema.parse({}).iterations).toBe(100_000);
    expect(configs.isAttackId('pgd')).toBe(true);
    expect(configs.isAttackId('toString')).toBe(false);
  });

  it.each([
    ['fgsm', { epsilon: 0.005, goal: 'lower-quality' }],
    ['ifgsm', { epsilon: 0.005, alpha: 0.001, steps: 10, goal: 'lower-quality' }],
    ['pgd', { epsilon: 0.005, alpha: 0.00125, steps: 10, randomStart: true, goal: 'lower-quality' }],
    ['mifgsm', { epsilon: 0.005, alpha: 0.0005, steps: 10, decay: 1, goal: 'lower-quality' }],
    ['sma-stage2', { epsilon: 0.005, alpha: 0.001, steps: 10 }],
  ] as const)('%s defaults are the documented paper/code values', (id, expected) => {
    expect(configs.attackConfigRegistry[id].schema.parse({})).toEqual(expected);
  });

  it('documents the defaults of the Adam-based attacks (SMA.md §8.3–8.5)', () => {
    expect(configs.korhonenAttackConfig.schema.parse({})).toMatchObject({ learningRate: 0.1 / 255, minIterations: 20, maxIterations: 100, patience: 2, goal: 'raise-quality' });
    expect(configs.zhangPerceptualAttackConfig.schema.parse({})).toMatchObject({ learningRate: 0.005, steps: 200, lambda: 5000, regularizer: 'ssim', cornerSize: 5, initNoise: 1 / 255 });
    expect(configs.uapAttackConfig.schema.parse({})).toMatchObject({ epsilon: 10 / 255, learningRate: 0.001, epochs: 10, batchSize: 4, size: 256, goal: 'raise-quality' });
    expect(configs.korhonenAttackConfig.schema.safeParse({ minIterations: 50, maxIterations: 10 }).error?.issues[0]?.path).toEqual(['minIterations']);
  });
});
