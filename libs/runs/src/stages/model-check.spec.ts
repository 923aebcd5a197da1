import { describe, expect, it } from 'vitest';
import { isUsableForAttacks } from './model-check';

describe('isUsableForAttacks', () => {
  it.each([
    { score: 42.5, gradientL1: 1e-3, usable: true },
    { score: Number.NaN, gradientL1: 1e-3, usable: false },
    { score: Number.POSITIVE_INFINITY, gradientL1: 1e-3, usable: false },
    { score: 42.5, gradientL1: Number.NaN, usable: false },
    { score: 42.5, gradientL1: 0, usable: false },
  ])('score $score, gradient L1 $gradientL1 → $usable', ({ score, gradientL1, usable }) => {
    expect(isUsableForAttacks({ score, gradientL1 })).toBe(usable);
  });
});
