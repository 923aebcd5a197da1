import { describe, expect, it } from 'vitest';
import { mosToScoreTarget } from './score-targets';
import { TrainingError } from './training-error';

describe('mosToScoreTarget', () => {
  it.each([
    // mos, dataset range, dataset lowerBetter, model range, model lowerBetter, expected
    { mos: 50, dRange: [0, 100], dLower: false, mRange: [0, 100], mLower: false, expected: 50 },
    { mos: 3, dRange: [1, 5], dLower: false, mRange: [0, 100], mLower: false, expected: 50 },
    { mos: 5, dRange: [1, 5], dLower: false, mRange: [0, 100], mLower: false, expected: 100 },
    { mos: 1, dRange: [1, 5], dLower: false, mRange: [0, 100], mLower: false, expected: 0 },
    // DMOS 0–1 (CSIQ-like, lower = better) into a higher-is-better model: best (0) → 100
    { mos: 0, dRange: [0, 1], dLower: true, mRange: [0, 100], mLower: false, expected: 100 },
    { mos: 0.25, dRange: [0, 1], dLower: true, mRange: [0, 100], mLower: false, expected: 75 },
    // MOS (higher = better) into a DMOS model (CNNIQA-like): best (100) → 0
    { mos: 100, dRange: [0, 100], dLower: false, mRange: [0, 100], mLower: true, expected: 0 },
    { mos: 20, dRange: [0, 100], dLower: false, mRange: [0, 100], mLower: true, expected: 80 },
    // both lower-is-better: no inversion, only rescaling
    { mos: 4.5, dRange: [0, 9], dLower: true, mRange: [-1, 1], mLower: true, expected: 0 },
    { mos: 9, dRange: [0, 9], dLower: false, mRange: [-100, 100], mLower: false, expected: 100 },
  ] as const)('maps $mos from $dRange (lowerBetter $dLower) to $expected on $mRange (lowerBetter $mLower)', ({ mos, dRange, dLower, mRange, mLower, expected }) => {
    expect(mosToScoreTarget(mos, { range: dRange, lowerBetter: dLower }, { scoreRange: mRange, lowerBetter: mLower })).toBeCloseTo(expected, 12);
  });

  it.each([
    { mos: 101, range: [0, 100] as const },
    { mos: -0.5, range: [0, 100] as const },
    { mos: Number.NaN, range: [0, 100] as const },
    { mos: 3, range: [5, 5] as const },
  ])('refuses MOS $mos with range $range (INVALID_LABELS)', ({ mos, range }) => {
    const call = () => mosToScoreTarget(mos, { range, lowerBetter: false }, { scoreRange: [0, 100], lowerBetter: false });
    expect(call).toThrow(TrainingError);
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_LABELS' }));
  });
});
