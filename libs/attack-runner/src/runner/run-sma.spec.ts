import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { srocc } from '@rankfall/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTinyConvNet } from '../testing/tiny-conv-net';
import { runSma, type SmaImage, type SmaProgress } from './run-sma';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

function images(count: number, size = 16): SmaImage[] {
  return Array.from({ length: count }, (_, k) => {
    const data = new Float32Array(size * size * 3);
    for (let i = 0; i < data.length; i += 1) data[i] = 0.5 + 0.4 * Math.sin(0.37 * i * (k + 1) + k);
    return { key: `img${k}`, data, height: size, width: size };
  });
}

describe('runSma', () => {
  it('awaits its progress callbacks: a failing progress write during stage 1 rejects the run (no unhandled rejection)', async () => {
    const model = createTinyConvNet({ seed: 3 });
    try {
      await expect(
        runSma({
          model,
          images: images(4),
          stage1: { iterations: 200 },
          stage2: { steps: 1 },
          onProgress: async (p) => {
            if (p.stage === 'targets') throw new Error('progress write failed');
          },
        }),
      ).rejects.toThrow('progress write failed');
    } finally {
      model.dispose();
    }
  });

  it('breaks the ranking of a set: targets reorder it, 8-bit results within the budget, no tensor leak', async () => {
    const model = createTinyConvNet({ seed: 3 });
    const set = images(8);
    const before = tf.memory().numTensors;
    const progress: SmaProgress['stage'][] = [];
    const result = await runSma({
      model,
      images: set,
      stage1: {},
      stage2: { epsilon: 0.03, alpha: 0.006, steps: 10 },
      onProgress: (p) => void progress.push(p.stage),
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();

    expect(result.results).toHaveLength(8);
    // Stage 1 reverses the order inside the groups it pushes to each bound (small N keeps the groups apart).
    expect(srocc(result.targets, result.cleanScores)).toBeLessThan(0.6);
    // Stage 2 moves the attacked scores towards the targets: their ranking follows the targets more than the clean one.
    const attacked = result.results.map((r) => r.attackedScore);
    expect(srocc(attacked, result.targets)).toBeGreaterThan(srocc(attacked, result.cleanScores));
    // ... and the saved (8-bit) images' scores are closer to the targets than the clean scores were.
    const gap = (scores: readonly number[]) => scores.reduce((sum, score, i) => sum + Math.abs(score - (result.targets[i] ?? 0)), 0);
    expect(gap(attacked)).toBeLessThan(gap(result.cleanScores));
    for (const [i, r] of result.results.entries()) {
      const towards = Math.sign(r.targetScore - r.cleanScore);
      expect(Math.sign(r.attackedScoreFloat - r.cleanScore)).toBe(towards);
      let linf = 0;
      for (let p = 0; p < r.adversarialRgb.length; p += 1) linf = Math.max(linf, Math.abs((r.adversarialRgb[p] ?? 0) / 255 - (set[i]?.data[p] ?? 0)));
      expect(linf).toBeLessThanOrEqual(0.03 + 0.5 / 255 + 1e-6);
      expect(r.trajectory).toHaveLength(11);
    }
    expect(progress.filter((s) => s === 'clean-scoring')).toHaveLength(8);
    expect(progress.filter((s) => s === 'perturb')).toHaveLength(8);
    expect(progress).toContain('targets');
  });

  it('refuses fewer than 3 images and stops when cancelled, leaking nothing', async () => {
    const model = createTinyConvNet({ seed: 1 });
    await expect(runSma({ model, images: images(2) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const done: number[] = [];
    await expect(
      runSma({
        model,
        images: images(5),
        stage1: { iterations: 2000 },
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'perturb') {
            done.push(p.done);
            if (p.done === 2) controller.abort();
          }
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(done).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
