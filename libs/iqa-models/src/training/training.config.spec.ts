import { describe, expect, it } from 'vitest';
import { trainingConfigSchema } from './training.config';

describe('training config', () => {
  it('defaults: Adam as in PyTorch, the NT defense off with the paper values w = 1e-3, h = 1e-2', () => {
    const config = trainingConfigSchema.parse({});
    expect(config).toMatchObject({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, loss: 'mse', flip: true, schedule: 'cosine', warmup: 0 });
    expect(config.nt).toEqual({ enabled: false, weight: 1e-3, h: 1e-2 });
    expect(trainingConfigSchema.parse({ nt: { enabled: true } }).nt).toEqual({ enabled: true, weight: 1e-3, h: 1e-2 });
  });

  it.each([
    { input: { epochs: 0 }, path: 'epochs' },
    { input: { learningRate: -1 }, path: 'learningRate' },
    { input: { beta2: 1 }, path: 'beta2' },
    { input: { loss: 'huber' }, path: 'loss' },
    { input: { nt: { h: 0 } }, path: 'nt.h' },
    { input: { seed: 1.5 }, path: 'seed' },
  ])('refuses $input (issue at $path)', ({ input, path }) => {
    const parsed = trainingConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
