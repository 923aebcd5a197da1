import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { smaStage1ConfigSchema, smaStage1Metadata } from './sma-stage1.config';

describe('smaStage1ConfigSchema', () => {
  it('defaults to the official values (YangiD/SMA demo_attack_first_step.py, SMA.md §2.4)', () => {
    expect(smaStage1ConfigSchema.parse({})).toEqual({
      iterations: 100_000,
      lr: 0.005,
      adamBeta1: 0.9,
      adamBeta2: 0.999,
      adamEps: 1e-8,
      lambdaVar: 1e-4,
      lambdaMse: 1e-4,
      softRankEps: 1.0,
      gradNorm: 'elementwise',
      scoreRange: [0, 100],
      seed: 919,
      snapshots: [50_000, 80_000, 100_000],
      snapshotCounting: 'official',
      initNoise: 0.01,
    });
  });

  it('does not share default arrays between parses', () => {
    const a = smaStage1ConfigSchema.parse({});
    a.snapshots.push(1);
    a.scoreRange[0] = 5;
    expect(smaStage1ConfigSchema.parse({}).snapshots).toEqual([50_000, 80_000, 100_000]);
    expect(smaStage1ConfigSchema.parse({}).scoreRange).toEqual([0, 100]);
  });

  it('carries the id and the paper reference', () => {
    expect(smaStage1Metadata.id).toBe('sma-stage1');
    expect(smaStage1Metadata.paper.arxiv).toBe('2404.13277');
  });

  it.each([
    { input: { lr: -0.1 }, field: 'lr' },
    { input: { lr: 0 }, field: 'lr' },
    { input: { iterations: 0 }, field: 'iterations' },
    { input: { iterations: 2.5 }, field: 'iterations' },
    { input: { scoreRange: [100, 0] }, field: 'scoreRange' },
    { input: { scoreRange: [5, 5] }, field: 'scoreRange' },
    { input: { softRankEps: 0 }, field: 'softRankEps' },
    { input: { lambdaVar: -1 }, field: 'lambdaVar' },
    { input: { adamBeta2: 1 }, field: 'adamBeta2' },
    { input: { gradNorm: 'sign' }, field: 'gradNorm' },
    { input: { snapshots: [0] }, field: 'snapshots' },
    { input: { seed: -1 }, field: 'seed' },
    { input: { snapshotCounting: 'torch' }, field: 'snapshotCounting' },
    { input: { learningRate: 0.1 }, field: 'learningRate' },
  ])('rejects $input with a message naming $field', ({ input, field }) => {
    const result = smaStage1ConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    // The message itself names the field (custom messages; zod's own for an unknown key).
    expect(issue.message).toContain(field);
    expect(z.prettifyError(result.error!)).toContain(field);
  });

  it('accepts a model range other than [0, 100] and the l2 normalisation', () => {
    const config = smaStage1ConfigSchema.parse({ scoreRange: [1, 5], gradNorm: 'l2', snapshotCounting: 'exact' });
    expect(config.scoreRange).toEqual([1, 5]);
    expect(config.gradNorm).toBe('l2');
  });
});
