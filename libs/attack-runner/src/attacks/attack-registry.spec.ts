import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IqaModel } from '@rankfall/iqa-models';
import { AttackError } from '../runner/attack-error';
import { runAttack, type AttackResult } from '../runner/run-attack';
import { createTinyConvNet } from '../testing/tiny-conv-net';
import { attackConfigRegistry, attackIds, defineAttackConfigRegistry, type AttackId } from './attack-config-registry';
import { attackRegistry, type AttackRegistry } from './attack-registry';
import { fgsmAttackConfig } from './fgsm.config';
import { pgdAttackConfig } from './pgd.config';

/**
 * The contract every registered attack keeps, with its paper defaults, on a small differentiable model:
 * budget, pixel range, goal direction, no tensor leak (the attack's internal tensors included), cancellation,
 * determinism.
 */
describe('attack registry', () => {
  it('keys every entry by its own id and holds the same ids as the zod-only config registry', () => {
    expect(Object.keys(attackRegistry)).toEqual(Object.keys(attackConfigRegistry));
    for (const [key, entry] of Object.entries(attackRegistry)) {
      expect(entry.metadata.id).toBe(key);
      expect(entry.schema).toBe(attackConfigRegistry[key as AttackId].schema);
    }
    expect(attackIds).toEqual(['fgsm', 'ifgsm', 'pgd', 'mifgsm', 'korhonen', 'zhang-perceptual', 'uap', 'sma-stage2']);
  });

  it('rejects a duplicate or misnamed id at compile time (checked by tsc)', () => {
    const duplicate = () =>
      // @ts-expect-error TS1117: an object literal cannot have the same key twice
      defineAttackConfigRegistry({ fgsm: fgsmAttackConfig, fgsm: fgsmAttackConfig });
    const misnamed = () =>
      // @ts-expect-error the key 'pgd' is not the entry's metadata.id ('fgsm')
      defineAttackConfigRegistry({ pgd: fgsmAttackConfig });
    // @ts-expect-error an entry filed under another attack's id is not an AttackRegistry
    const swapped: AttackRegistry = { ...attackRegistry, pgd: attackRegistry.fgsm };
    expect([typeof duplicate, typeof misnamed]).toEqual(['function', 'function']);
    expect(swapped.pgd.metadata.id).toBe('fgsm');
    expect(defineAttackConfigRegistry({ pgd: pgdAttackConfig }).pgd.metadata.id).toBe('pgd');
  });

  it('parses an empty config to the paper defaults for every attack', () => {
    for (const id of attackIds) {
      expect(() => attackConfigRegistry[id].schema.parse({})).not.toThrow();
    }
  });
});

describe.each(attackIds)('attack contract: %s (defaults)', (id) => {
  let model: IqaModel;
  let images: tf.Tensor4D;
  let cleanData: Float32Array;
  let cleanScores: number[];
  let targets: number[] | undefined;
  const entry = attackRegistry[id];
  const defaults = entry.schema.parse({}) as { epsilon?: number };

  beforeAll(async () => {
    await tf.setBackend('wasm');
    model = createTinyConvNet({ seed: 3 });
    images = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    cleanData = images.dataSync() as Float32Array;
    cleanScores = tf.tidy(() => Array.from(model.score(images).dataSync()));
    // Targeted: one target above and one below the clean score.
    targets = entry.metadata.kind === 'targeted' ? [cleanScores[0]! + 10, cleanScores[1]! - 10] : undefined;
  });

  afterAll(() => {
    images.dispose();
    model.dispose();
  });

  const run = (extra: { signal?: AbortSignal; onProgress?: () => void } = {}): Promise<AttackResult> =>
    runAttack({ attack: id, model, images, seed: 11, ...(targets ? { targets } : {}), ...extra });

  it('respects the budget and [0,1], moves the score towards the goal, leaks nothing, is deterministic', async () => {
    const before = tf.memory().numTensors;
    const first = await run();
    const firstData = first.adversarial.dataSync() as Float32Array;
    first.adversarial.dispose();
    first.perturbation?.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // Budget (measured here from the arrays, not taken from the runner) and pixel range.
    let linf = 0;
    for (let i = 0; i < firstData.length; i++) {
      linf = Math.max(linf, Math.abs(firstData[i]! - cleanData[i]!));
      expect(firstData[i]).toBeGreaterThanOrEqual(0);
      expect(firstData[i]).toBeLessThanOrEqual(1);
    }
    if (entry.metadata.norm === 'linf') {
      expect(first.epsilon).toBe(defaults.epsilon);
      expect(linf).toBeLessThanOrEqual(defaults.epsilon! + 1e-6);
    }
    expect(linf).toBeGreaterThan(0);

    // Goal direction.
    expect(first.cleanScores).toEqual(cleanScores);
    const change = first.finalScores.map((s, i) => s - cleanScores[i]!);
    if (entry.metadata.kind === 'targeted') {
      first.finalScores.forEach((s, i) => expect(Math.abs(s - targets![i]!)).toBeLessThan(Math.abs(cleanScores[i]! - targets![i]!)));
    } else if (entry.metadata.kind === 'universal') {
      expect((change.reduce((a, b) => a + b, 0) / change.length) * first.direction!).toBeGreaterThan(0);
    } else {
      change.forEach((c) => expect(c * first.direction!).toBeGreaterThan(0));
    }

    // Determinism: the same seed gives a bit-identical result.
    const second = await run();
    const secondData = second.adversarial.dataSync();
    second.adversarial.dispose();
    second.perturbation?.dispose();
    expect(Array.from(secondData)).toEqual(Array.from(firstData));
    expect(second.finalScores).toEqual(first.finalScores);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops with CANCELLED when the signal fires between iterations, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let calls = 0;
    const promise = run({
      signal: controller.signal,
      onProgress: () => {
        calls++;
        controller.abort();
      },
    });
    await expect(promise).rejects.toThrow(AttackError);
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(calls).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
